import { createTask } from './actions/create-task.js';
import { getTask } from './actions/get-task.js';
import { listTasks } from './actions/list-tasks.js';
import { searchTasks } from './actions/search-tasks.js';
import { updateTask } from './actions/update-task.js';
import { asana } from './service.js';
import { newTask } from './triggers/new-task.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { asanaOAuth } from './oauth.js';
import { actionPhrases } from './vocabulary.js';

export const asanaActions = [createTask, listTasks, getTask, updateTask, searchTasks];
export const asanaTriggers = [newTask];
export { asana, createTask, listTasks, getTask, updateTask, searchTasks, newTask };

/** Asana, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const asanaIntegration = defineIntegration({ catalog, oauth: asanaOAuth, kit: asana, actions: asanaActions, triggers: asanaTriggers, vocabulary: { actions: actionPhrases } });
