import { z } from 'zod';
import { clickup, cuTask, listId, taskOut, toTask } from '../service.js';

export const newTask = clickup.pollTrigger({
  id: 'clickup.new_task',
  title: 'New task',
  description: 'Starts when a task is created in a ClickUp list.',
  aiDescription: 'Use to react to new tasks in one ClickUp list (listId). Polls the newest 100 (closed ones included); the first poll only remembers them.',
  config: z.object({ listId }),
  event: taskOut,
  list: { path: ({ config }) => `list/${config.listId}/task`, query: () => ({ order_by: 'created', reverse: true, include_closed: true, page: 0 }) },
  response: z.object({ tasks: z.array(cuTask) }).loose(),
  items: (r) => r.tasks,
  // Creation times are Unix milliseconds; two tasks may share one, so the id settles ties.
  cursor: { style: 'timestamp', at: (t) => t.date_created.padStart(16, '0'), id: (t) => t.id },
  toEvent: (t) => toTask(t),
});
