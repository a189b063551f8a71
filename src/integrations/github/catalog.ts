import { entry, oauth2 } from '../catalog/data/build.js';

/** GitHub in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('dev_tools', 'github', 'GitHub', 'Repositories, issues, pull requests and actions on GitHub.', 'https://github.com', 'https://docs.github.com/rest', 'https://api.github.com', oauth2('https://github.com/login/oauth/authorize', 'https://github.com/login/oauth/access_token', ['repo', 'read:user'], { provider: 'github' }));
