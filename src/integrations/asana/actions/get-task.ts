import { z } from 'zod';
import { asana, asTask, gid, taskFields, taskOut, toTask } from '../service.js';

export const getTask = asana.operation({
  id: 'asana.get_task',
  title: 'Get a task',
  description: 'Reads one Asana task.',
  aiDescription: 'Use to read an Asana task (name, notes, due date, completion, projects) by its id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ taskId: gid }),
  output: taskOut,
  path: (i) => `tasks/${i.taskId}`,
  query: () => ({ opt_fields: taskFields }),
  response: z.object({ data: asTask }).loose(),
  map: (r) => toTask(r.data),
});
