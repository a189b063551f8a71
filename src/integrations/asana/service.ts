import { z } from 'zod';
import { defineRestService } from '../kit/rest.js';
import { asanaProfile, readAsanaFault } from './auth.js';

/** Asana declared on the REST kit (its profile: auth.ts). */
export const asana = defineRestService({ id: 'asana', name: 'Asana', auth: 'oauth2', readFault: readAsanaFault, ...(asanaProfile.limits ? { limits: asanaProfile.limits } : {}), ...(asanaProfile.check ? { check: asanaProfile.check } : {}) });

export const taskFields = 'name,notes,completed,due_on,created_at,permalink_url,memberships.project.gid';
export const asTask = z
  .object({ gid: z.string(), name: z.string(), notes: z.string().nullish(), completed: z.boolean().nullish(), due_on: z.string().nullish(), created_at: z.string().nullish(), permalink_url: z.string().nullish(), memberships: z.array(z.object({ project: z.object({ gid: z.string() }).loose().nullish() }).loose()).nullish() })
  .loose();
export const taskOut = z.object({ id: z.string(), name: z.string(), notes: z.string(), completed: z.boolean(), dueOn: z.string().nullable(), projects: z.array(z.string()), url: z.string().nullable(), createdAt: z.string().nullable() });
export const toTask = (t: z.infer<typeof asTask>): z.infer<typeof taskOut> => ({ id: t.gid, name: t.name, notes: t.notes ?? '', completed: t.completed ?? false, dueOn: t.due_on ?? null, projects: (t.memberships ?? []).flatMap((m) => (m.project ? [m.project.gid] : [])), url: t.permalink_url ?? null, createdAt: t.created_at ?? null });
export const gid = z.string().regex(/^\d{1,30}$/, { error: 'must be an Asana id (digits)' });
export const listPage = z.object({ data: z.array(asTask), next_page: z.object({ offset: z.string() }).loose().nullish() }).loose();
