import { createTask, getTask, googleTasks, listTasks, newTask, updateTask } from './service.js';

export const googleTasksActions = [listTasks, getTask, createTask, updateTask];
export const googleTasksTriggers = [newTask];
export { googleTasks, listTasks, getTask, createTask, updateTask, newTask };
