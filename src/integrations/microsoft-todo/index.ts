import { createTask, getTask, listTasks, microsoftTodo, newTask, updateTask } from './service.js';

export const microsoftTodoActions = [listTasks, getTask, createTask, updateTask];
export const microsoftTodoTriggers = [newTask];
export { microsoftTodo, listTasks, getTask, createTask, updateTask, newTask };
