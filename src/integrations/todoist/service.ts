import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/** Todoist API v1 errors (developer.todoist.com/api/v1): `{ error, error_code, error_tag, http_code, error_extra }`. */
const tdError = z.object({ error: z.string(), error_tag: z.string().optional(), error_extra: z.object({ argument: z.string().optional() }).loose().optional() }).loose();

export const readTodoistFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 404) return { message: 'the task or project does not exist (or the connection cannot see it)' };
  const e = tdError.safeParse(body);
  if (!e.success || status === 401) return undefined;
  const arg = e.data.error_extra?.argument;
  return { ...(e.data.error_tag ? { providerCode: e.data.error_tag } : {}), message: `“${e.data.error}${arg ? ` (${arg})` : ''}”` };
};

export const todoist = defineRestService({
  id: 'todoist',
  name: 'Todoist',
  auth: 'oauth2',
  readFault: readTodoistFault,
  // 1,000 requests per 15 minutes per user.
  limits: { concurrency: 2, ratePerSecond: 1, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'user', ...(signal ? { signal } : {}) }, z.object({ email: z.string().optional(), full_name: z.string().optional() }).loose());
    return { accountLabel: me.email ?? me.full_name };
  },
});

export const tdTask = z
  .object({ id: z.string(), content: z.string(), description: z.string().default(''), project_id: z.string(), priority: z.number(), labels: z.array(z.string()).default([]), due: z.object({ date: z.string(), string: z.string().optional(), is_recurring: z.boolean().optional() }).loose().nullish(), checked: z.boolean().optional(), added_at: z.string() })
  .loose();
/** Todoist's API numbers priorities the other way round from its apps: 4 is the app's p1 (urgent). */
export const priority = z.enum(['p1', 'p2', 'p3', 'p4']);
const toApi = { p1: 4, p2: 3, p3: 2, p4: 1 } as const;
const fromApi = (n: number) => (['p4', 'p3', 'p2', 'p1'][n - 1] ?? 'p4') as z.infer<typeof priority>;
export const priorityToApi = (p: z.infer<typeof priority>) => toApi[p];
export const taskOut = z.object({ id: z.string(), content: z.string(), description: z.string(), projectId: z.string(), priority, labels: z.array(z.string()), due: z.string().nullable(), dueText: z.string().nullable(), completed: z.boolean(), url: z.string(), createdAt: z.string() });
export const toTask = (t: z.infer<typeof tdTask>): z.infer<typeof taskOut> => ({ id: t.id, content: t.content, description: t.description, projectId: t.project_id, priority: fromApi(t.priority), labels: t.labels, due: t.due?.date ?? null, dueText: t.due?.string ?? null, completed: t.checked ?? false, url: `https://app.todoist.com/app/task/${t.id}`, createdAt: t.added_at });
export const taskId = z.string().regex(/^\w{1,40}$/, { error: 'must be a Todoist task id' });
export const page = z.object({ results: z.array(tdTask), next_cursor: z.string().nullish() }).loose();
