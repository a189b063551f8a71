import { entry, oauth2 } from '../catalog/data/build.js';

/** GitLab in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('dev_tools', 'gitlab', 'GitLab', 'Projects, issues and merge requests on GitLab.', 'https://gitlab.com', 'https://docs.gitlab.com/ee/api/rest/', 'https://gitlab.com/api/v4', oauth2('https://gitlab.com/oauth/authorize', 'https://gitlab.com/oauth/token', ['api'], { revokeUrl: 'https://gitlab.com/oauth/revoke' }));
