import { z } from 'zod';
import { clickup, cuTask, taskId, taskOut, toTask } from '../service.js';

export const getTask = clickup.operation({
  id: 'clickup.get_task',
  title: 'Get a task',
  description: 'Reads one ClickUp task.',
  aiDescription: 'Use to read a ClickUp task (name, description, status, priority, due date, tags) by its id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ taskId }),
  output: taskOut,
  path: (i) => `task/${encodeURIComponent(i.taskId)}`,
  response: cuTask,
  map: toTask,
});
