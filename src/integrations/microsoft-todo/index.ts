import { createTask, getTask, listTasks, microsoftTodo, newTask, updateTask } from './service.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { microsoftOAuth } from '../microsoft/oauth.js';

export const microsoftTodoActions = [listTasks, getTask, createTask, updateTask];
export const microsoftTodoTriggers = [newTask];
export { microsoftTodo, listTasks, getTask, createTask, updateTask, newTask };

/** Microsoft To Do, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const microsoftTodoIntegration = defineIntegration({ catalog, oauth: microsoftOAuth, kit: microsoftTodo, actions: microsoftTodoActions, triggers: microsoftTodoTriggers });
