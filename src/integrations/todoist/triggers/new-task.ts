import { z } from 'zod';
import { page, taskOut, todoist, toTask } from '../service.js';

export const newTask = todoist.pollTrigger({
  id: 'todoist.new_task',
  title: 'New task',
  description: 'Starts when a task is added to a Todoist project.',
  aiDescription: 'Use to react to tasks added to one Todoist project (projectId, e.g. the Inbox’s id). Polls the open tasks; the first poll only remembers them.',
  config: z.object({ projectId: z.string().min(1).max(40) }),
  event: taskOut,
  list: { path: () => 'tasks', query: ({ config }) => ({ project_id: config.projectId, limit: 200 }) },
  response: page,
  items: (p) => p.results,
  paginate: { style: 'cursor', param: 'cursor', next: (p) => p.next_cursor, maxPages: 20 },
  // Tasks are listed in project order, not by age: new = added later than the last seen (ids settle ties).
  cursor: { style: 'timestamp', at: (t) => t.added_at, id: (t) => t.id },
  toEvent: (t) => toTask(t),
});
