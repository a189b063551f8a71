import { z } from 'zod';
import { clickup, cuTask, priority, priorityNumber, taskId, taskOut, toTask } from '../service.js';

export const updateTask = clickup.operation({
  id: 'clickup.update_task',
  title: 'Update a task',
  description: 'Renames a ClickUp task or changes its description, status or priority.',
  aiDescription: 'Use to change a ClickUp task by id: name, description, status (an existing status of its list, e.g. "complete") or priority.',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ taskId, name: z.string().min(1).max(2000).optional(), description: z.string().max(100_000).optional(), status: z.string().min(1).max(100).optional(), priority: priority.optional() })
    .refine((v) => v.name !== undefined || v.description !== undefined || v.status !== undefined || v.priority !== undefined, { message: 'give name, description, status or priority to change', path: ['name'] }),
  output: taskOut,
  method: 'PUT',
  path: (i) => `task/${encodeURIComponent(i.taskId)}`,
  body: (i) => ({ name: i.name, description: i.description, status: i.status, priority: i.priority ? priorityNumber[i.priority] : undefined }),
  response: cuTask,
  map: toTask,
});
