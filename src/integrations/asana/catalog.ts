import { entry, oauth2 } from '../catalog/data/build.js';

/** Asana in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'asana', 'Asana', 'Projects, tasks and teams in Asana.', 'https://asana.com', 'https://developers.asana.com/reference/rest-api-reference', 'https://app.asana.com/api/1.0', oauth2('https://app.asana.com/-/oauth_authorize', 'https://app.asana.com/-/oauth_token', ['default'], { revokeUrl: 'https://app.asana.com/-/oauth_revoke', provider: 'asana' }));
