import { completeTask } from './actions/complete-task.js';
import { createTask } from './actions/create-task.js';
import { getTask } from './actions/get-task.js';
import { listTasks } from './actions/list-tasks.js';
import { updateTask } from './actions/update-task.js';
import { todoist } from './service.js';
import { newTask } from './triggers/new-task.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { actionPhrases } from './vocabulary.js';

export const todoistActions = [createTask, getTask, updateTask, completeTask, listTasks];
export const todoistTriggers = [newTask];
export { todoist, createTask, getTask, updateTask, completeTask, listTasks, newTask };

/** Todoist, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const todoistIntegration = defineIntegration({ catalog, kit: todoist, actions: todoistActions, triggers: todoistTriggers, vocabulary: { actions: actionPhrases } });
