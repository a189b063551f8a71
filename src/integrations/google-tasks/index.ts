import { createTask, getTask, googleTasks, listTasks, newTask, updateTask } from './service.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { googleOAuth } from '../google/oauth.js';

export const googleTasksActions = [listTasks, getTask, createTask, updateTask];
export const googleTasksTriggers = [newTask];
export { googleTasks, listTasks, getTask, createTask, updateTask, newTask };

/** Google Tasks, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const googleTasksIntegration = defineIntegration({ catalog, oauth: googleOAuth, kit: googleTasks, actions: googleTasksActions, triggers: googleTasksTriggers });
