import { z } from 'zod';
import { asana, asTask, gid, taskFields, taskOut, toTask } from '../service.js';

export const searchTasks = asana.operation({
  id: 'asana.search_tasks',
  title: 'Search tasks',
  description: 'Finds Asana tasks in a workspace by words (optionally in one project).',
  aiDescription: 'Use to find Asana tasks by text in a workspace (workspaceId), optionally within projectId. Asana offers search on paid plans only; up to 100 results.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ workspaceId: gid, text: z.string().min(1).max(500), projectId: gid.optional(), limit: z.number().int().min(1).max(100).default(50) }),
  output: z.object({ tasks: z.array(taskOut) }),
  path: (i) => `workspaces/${i.workspaceId}/tasks/search`,
  query: (i) => ({ text: i.text, 'projects.any': i.projectId, opt_fields: taskFields, limit: i.limit }),
  response: z.object({ data: z.array(asTask) }).loose(),
  map: (r) => ({ tasks: r.data.map(toTask) }),
});
