import { entry, oauth2 } from '../catalog/data/build.js';

/** ClickUp in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'clickup', 'ClickUp', 'Tasks, lists and docs in ClickUp.', 'https://clickup.com', 'https://clickup.com/api/', 'https://api.clickup.com/api/v2', oauth2('https://app.clickup.com/api', 'https://api.clickup.com/api/v2/oauth/token', []));
