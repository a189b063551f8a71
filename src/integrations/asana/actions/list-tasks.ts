import { z } from 'zod';
import { asana, gid, listPage, taskFields, taskOut, toTask } from '../service.js';

export const listTasks = asana.operation({
  id: 'asana.list_tasks',
  title: 'List tasks',
  description: 'Lists the tasks of an Asana project.',
  aiDescription: 'Use to read the tasks of one Asana project (projectId), with notes, due date and completion. Up to limit tasks.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ projectId: gid, limit: z.number().int().min(1).max(2000).default(200) }),
  output: z.object({ tasks: z.array(taskOut) }),
  path: () => 'tasks',
  query: (i) => ({ project: i.projectId, opt_fields: taskFields, limit: 100 }),
  response: listPage,
  paginate: { style: 'cursor', param: 'offset', next: (p) => p.next_page?.offset, items: (p) => p.data },
  maxItems: (i) => i.limit,
  map: (tasks) => ({ tasks: tasks.map(toTask) }),
});
