import { z } from 'zod';
import { asana, gid, listPage, taskFields, taskOut, toTask } from '../service.js';

export const newTask = asana.pollTrigger({
  id: 'asana.new_task',
  title: 'New task',
  description: 'Starts when a task is added to an Asana project.',
  aiDescription: 'Use to react to tasks added to one Asana project (projectId). Polls the project’s tasks; the first poll only remembers them.',
  config: z.object({ projectId: gid }),
  event: taskOut,
  list: { path: () => 'tasks', query: ({ config }) => ({ project: config.projectId, opt_fields: taskFields, limit: 100 }) },
  response: listPage,
  items: (p) => p.data,
  paginate: { style: 'cursor', param: 'offset', next: (p) => p.next_page?.offset, maxPages: 20 },
  cursor: { style: 'timestamp', at: (t) => t.created_at ?? '', id: (t) => t.gid },
  toEvent: (t) => toTask(t),
});
