import { addComment } from './actions/add-comment.js';
import { createTask } from './actions/create-task.js';
import { getTask } from './actions/get-task.js';
import { listTasks } from './actions/list-tasks.js';
import { updateTask } from './actions/update-task.js';
import { clickup } from './service.js';
import { newTask } from './triggers/new-task.js';

export const clickupActions = [createTask, getTask, updateTask, listTasks, addComment];
export const clickupTriggers = [newTask];
export { clickup, createTask, getTask, updateTask, listTasks, addComment, newTask };
