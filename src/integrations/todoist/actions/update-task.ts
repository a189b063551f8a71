import { z } from 'zod';
import { priority, priorityToApi, taskId, taskOut, tdTask, todoist, toTask } from '../service.js';

export const updateTask = todoist.operation({
  id: 'todoist.update_task',
  title: 'Update a task',
  description: 'Changes a Todoist task’s text, priority, labels or due date.',
  aiDescription: 'Use to edit a Todoist task by id: content, description, priority (p1-p4), labels (replace) or due (dueDate or dueString). Use todoist.complete_task to tick it off.',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ taskId, content: z.string().min(1).max(500).optional(), description: z.string().max(16_000).optional(), priority: priority.optional(), labels: z.array(z.string().min(1).max(60)).optional(), dueDate: z.iso.date().optional(), dueString: z.string().min(1).max(150).optional() })
    .refine((v) => v.content !== undefined || v.description !== undefined || v.priority !== undefined || v.labels !== undefined || v.dueDate !== undefined || v.dueString !== undefined, { message: 'give content, description, priority, labels or a due date to change', path: ['content'] }),
  output: taskOut,
  method: 'POST',
  path: (i) => `tasks/${encodeURIComponent(i.taskId)}`,
  body: (i) => ({ content: i.content, description: i.description, priority: i.priority ? priorityToApi(i.priority) : undefined, labels: i.labels, due_date: i.dueDate, due_string: i.dueString }),
  response: tdTask,
  map: toTask,
});
