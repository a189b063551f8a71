import { z } from 'zod';
import { taskId, todoist } from '../service.js';

export const completeTask = todoist.operation({
  id: 'todoist.complete_task',
  title: 'Complete a task',
  description: 'Ticks off a Todoist task (a recurring one moves to its next date).',
  aiDescription: 'Use to mark a Todoist task done by id.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ taskId }),
  output: z.object({ taskId: z.string(), completed: z.boolean() }),
  method: 'POST',
  path: (i) => `tasks/${encodeURIComponent(i.taskId)}/close`,
  response: z.unknown(),
  map: (_r, i) => ({ taskId: i.taskId, completed: true }),
});
