import { z } from 'zod';
import { taskId, taskOut, tdTask, todoist, toTask } from '../service.js';

export const getTask = todoist.operation({
  id: 'todoist.get_task',
  title: 'Get a task',
  description: 'Reads one Todoist task.',
  aiDescription: 'Use to read a Todoist task (content, description, priority, labels, due date) by id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ taskId }),
  output: taskOut,
  path: (i) => `tasks/${encodeURIComponent(i.taskId)}`,
  response: tdTask,
  map: toTask,
});
