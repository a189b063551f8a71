import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';

export const createTask = defineIntegrationAction({
  id: 'asana.create_task',
  service: 'asana',
  title: 'Create a task',
  description: 'Creates a task in an Asana project or workspace.',
  aiDescription: 'Use to add a to-do in Asana. Give projectId (preferred) or workspaceId; assignee is an email, a user gid or "me"; dueOn is YYYY-MM-DD.',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ name: z.string().min(1).max(1024), notes: z.string().optional(), projectId: z.string().optional(), workspaceId: z.string().optional(), assignee: z.string().optional(), dueOn: z.iso.date().optional() })
    .refine((v) => v.projectId || v.workspaceId, { message: 'give projectId or workspaceId', path: ['projectId'] }),
  output: z.object({ id: z.string(), url: z.string().nullable() }),
  async run({ client, signal }, input) {
    const r = await client.call(
      {
        method: 'POST',
        path: 'tasks',
        json: { data: { name: input.name, notes: input.notes, ...(input.projectId ? { projects: [input.projectId] } : { workspace: input.workspaceId }), assignee: input.assignee, due_on: input.dueOn } },
        signal,
      },
      z.object({ data: z.object({ gid: z.string(), permalink_url: z.string().optional() }).loose() }),
    );
    return { id: r.data.gid, url: r.data.permalink_url ?? null };
  },
});
