import { entry, oauth2 } from '../catalog/data/build.js';

/** monday.com in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'monday', 'monday.com', 'Boards, items and updates in monday.com.', 'https://monday.com', 'https://developer.monday.com/api-reference/', 'https://api.monday.com/v2', oauth2('https://auth.monday.com/oauth2/authorize', 'https://auth.monday.com/oauth2/token', ['boards:read', 'boards:write']));
