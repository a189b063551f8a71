import { addComment } from './actions/add-comment.js';
import { createTask } from './actions/create-task.js';
import { getTask } from './actions/get-task.js';
import { listTasks } from './actions/list-tasks.js';
import { updateTask } from './actions/update-task.js';
import { clickup } from './service.js';
import { newTask } from './triggers/new-task.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { actionPhrases } from './vocabulary.js';

export const clickupActions = [createTask, getTask, updateTask, listTasks, addComment];
export const clickupTriggers = [newTask];
export { clickup, createTask, getTask, updateTask, listTasks, addComment, newTask };

/** ClickUp, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const clickupIntegration = defineIntegration({ catalog, kit: clickup, actions: clickupActions, triggers: clickupTriggers, vocabulary: { actions: actionPhrases } });
