import { z } from 'zod';
import { clickup, cuTask, listId, priority, priorityNumber, taskOut, toTask } from '../service.js';

export const createTask = clickup.operation({
  id: 'clickup.create_task',
  title: 'Create a task',
  description: 'Adds a task to a ClickUp list.',
  aiDescription: 'Use to add a task to a ClickUp list (numeric listId). Description is Markdown; priority urgent/high/normal/low; due is an ISO date-time; status must exist in the list.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ listId, name: z.string().min(1).max(2000), description: z.string().max(100_000).optional(), priority: priority.optional(), due: z.iso.datetime({ offset: true }).optional(), status: z.string().min(1).max(100).optional(), tags: z.array(z.string().min(1).max(100)).default([]) }),
  output: taskOut,
  method: 'POST',
  path: (i) => `list/${i.listId}/task`,
  body: (i) => ({ name: i.name, markdown_description: i.description, description: i.description, priority: i.priority ? priorityNumber[i.priority] : undefined, due_date: i.due ? Date.parse(i.due) : undefined, due_date_time: i.due ? true : undefined, status: i.status, tags: i.tags.length ? i.tags : undefined }),
  response: cuTask,
  map: toTask,
});
