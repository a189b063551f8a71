import { z } from 'zod';
import { page, taskOut, todoist, toTask } from '../service.js';

export const listTasks = todoist.operation({
  id: 'todoist.list_tasks',
  title: 'List or find tasks',
  description: 'Lists open Todoist tasks of a project, or those matching words or a label.',
  aiDescription: 'Use to read open Todoist tasks: of a project (projectId), or matching words (search) or a label (label). Up to limit tasks.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ projectId: z.string().min(1).max(40).optional(), search: z.string().min(1).max(200).optional(), label: z.string().min(1).max(60).regex(/^\S+$/, { error: 'a label has no spaces' }).optional(), limit: z.number().int().min(1).max(2000).default(200) }),
  output: z.object({ tasks: z.array(taskOut) }),
  // Words and labels go through the filter endpoint (`search: …`, `@label`); a project is a plain list.
  path: (i) => (i.search || i.label ? 'tasks/filter' : 'tasks'),
  query: (i) => (i.search || i.label ? { query: i.search ? `search: ${i.search}` : `@${i.label}`, limit: 200 } : { project_id: i.projectId, limit: 200 }),
  response: page,
  paginate: { style: 'cursor', param: 'cursor', next: (p) => p.next_cursor, items: (p) => p.results },
  maxItems: (i) => i.limit,
  map: (tasks) => ({ tasks: tasks.map(toTask) }),
});
