import { z } from 'zod';
import { clickup, cuTask, listId, taskOut, toTask } from '../service.js';

export const listTasks = clickup.operation({
  id: 'clickup.list_tasks',
  title: 'List tasks',
  description: 'Lists the tasks of a ClickUp list, newest first.',
  aiDescription: 'Use to read the tasks of a ClickUp list (listId), newest first; includeClosed adds completed ones. Up to limit tasks.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ listId, includeClosed: z.boolean().default(false), limit: z.number().int().min(1).max(2000).default(200) }),
  output: z.object({ tasks: z.array(taskOut) }),
  path: (i) => `list/${i.listId}/task`,
  query: (i) => ({ order_by: 'created', reverse: true, include_closed: i.includeClosed }),
  response: z.object({ tasks: z.array(cuTask), last_page: z.boolean().optional() }).loose(),
  // ClickUp pages are numbered from 0 and hold 100 tasks.
  paginate: { style: 'page', param: 'page', first: 0, size: 100, items: (p) => p.tasks },
  maxItems: (i) => i.limit,
  map: (tasks) => ({ tasks: tasks.map(toTask) }),
});
