import { entry, google } from '../catalog/data/build.js';

/** Google Tasks in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('project_management', 'google-tasks', 'Google Tasks', 'Task lists in Google Tasks.', 'https://tasks.google.com', 'https://developers.google.com/tasks/reference/rest', 'https://tasks.googleapis.com/tasks/v1', google(['https://www.googleapis.com/auth/tasks']));
