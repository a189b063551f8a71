import { z } from 'zod';
import { asana, asTask, gid, taskFields, taskOut, toTask } from '../service.js';

export const updateTask = asana.operation({
  id: 'asana.update_task',
  title: 'Update a task',
  description: 'Renames an Asana task, changes its notes or due date, or completes it.',
  aiDescription: 'Use to change an Asana task by id: name, notes (replace), dueOn (YYYY-MM-DD, or null to clear) or completed (true to tick it off).',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ taskId: gid, name: z.string().min(1).max(1024).optional(), notes: z.string().max(65_000).optional(), dueOn: z.iso.date().nullable().optional(), completed: z.boolean().optional() })
    .refine((v) => v.name !== undefined || v.notes !== undefined || v.dueOn !== undefined || v.completed !== undefined, { message: 'give name, notes, dueOn or completed to change', path: ['name'] }),
  output: taskOut,
  method: 'PUT',
  path: (i) => `tasks/${i.taskId}`,
  query: () => ({ opt_fields: taskFields }),
  body: (i) => ({ data: { name: i.name, notes: i.notes, due_on: i.dueOn, completed: i.completed } }),
  response: z.object({ data: asTask }).loose(),
  map: (r) => toTask(r.data),
});
