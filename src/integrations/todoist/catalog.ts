import { entry, oauth2 } from '../catalog/data/build.js';

/** Todoist in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'todoist', 'Todoist', 'Personal and team to-do lists.', 'https://todoist.com', 'https://developer.todoist.com/api/v1/', 'https://api.todoist.com/api/v1', oauth2('https://todoist.com/oauth/authorize', 'https://todoist.com/oauth/access_token', ['data:read_write']));
