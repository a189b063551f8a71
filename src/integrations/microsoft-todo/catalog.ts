import { entry, microsoft } from '../catalog/data/build.js';

/** Microsoft To Do in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'microsoft-todo', 'Microsoft To Do', 'Personal task lists through Microsoft Graph.', 'https://to-do.office.com', 'https://learn.microsoft.com/graph/api/resources/todo-overview', 'https://graph.microsoft.com/v1.0', microsoft(['Tasks.ReadWrite']));
