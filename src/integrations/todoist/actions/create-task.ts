import { z } from 'zod';
import { priority, priorityToApi, taskOut, tdTask, todoist, toTask } from '../service.js';

export const createTask = todoist.operation({
  id: 'todoist.create_task',
  title: 'Add a task',
  description: 'Adds a task to Todoist.',
  aiDescription: 'Use to add a to-do in Todoist: content (the task), optional description, projectId (default Inbox), priority p1 (urgent) to p4, labels, and a due date (dueDate YYYY-MM-DD) or natural words (dueString such as "tomorrow 9am").',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ content: z.string().min(1).max(500), description: z.string().max(16_000).optional(), projectId: z.string().min(1).max(40).optional(), priority: priority.optional(), labels: z.array(z.string().min(1).max(60)).default([]), dueDate: z.iso.date().optional(), dueString: z.string().min(1).max(150).optional() })
    .refine((v) => !(v.dueDate && v.dueString), { message: 'give dueDate or dueString, not both', path: ['dueString'] }),
  output: taskOut,
  method: 'POST',
  path: () => 'tasks',
  body: (i) => ({ content: i.content, description: i.description, project_id: i.projectId, priority: i.priority ? priorityToApi(i.priority) : undefined, labels: i.labels.length ? i.labels : undefined, due_date: i.dueDate, due_string: i.dueString }),
  response: tdTask,
  map: toTask,
});
