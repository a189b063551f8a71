import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/**
 * ClickUp errors (developer.clickup.com/docs/common_errors): `{ err, ECODE }`. A workspace the token was not
 * authorised for (`OAUTH_023`, `026`, `027`, `029`-`045`) is answered 401 but no refresh fixes it: it is a
 * permission problem, so it reads as forbidden.
 */
const cuError = z.object({ err: z.string(), ECODE: z.string().optional() }).loose();
const teamNotAuthorized = /^OAUTH_0(23|26|27|29|3\d|4[0-5])$/;

export const readClickupFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = cuError.safeParse(body);
  if (!e.success) return undefined;
  const code = e.data.ECODE;
  if (code && teamNotAuthorized.test(code)) return { code: 'integrations.http.forbidden', providerCode: code, message: 'this workspace was not authorised for the connection; reconnect and allow it' };
  if (status === 404) return { ...(code ? { providerCode: code } : {}), message: `the ${/list/i.test(e.data.err) ? 'list' : 'task'} does not exist (or the connection cannot see it)` };
  return { ...(code ? { providerCode: code } : {}), message: status === 401 ? 'the sign-in is no longer valid; reconnect ClickUp' : `“${e.data.err}”` };
};

export const clickup = defineRestService({
  id: 'clickup',
  name: 'ClickUp',
  auth: 'oauth2',
  readFault: readClickupFault,
  // 100 requests a minute per token on most plans.
  limits: { concurrency: 2, ratePerSecond: 1.5, burst: 10 },
  async check(client, signal) {
    const me = await client.call({ path: 'user', ...(signal ? { signal } : {}) }, z.object({ user: z.object({ email: z.string().nullish(), username: z.string().nullish() }).loose() }));
    return { accountLabel: me.user.email ?? me.user.username ?? undefined };
  },
});

export const cuTask = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    text_content: z.string().nullish(),
    status: z.object({ status: z.string() }).loose(),
    priority: z.object({ priority: z.string() }).loose().nullish(),
    date_created: z.string(),
    due_date: z.string().nullish(),
    tags: z.array(z.object({ name: z.string() }).loose()).default([]),
    list: z.object({ id: z.string() }).loose().nullish(),
    url: z.string(),
  })
  .loose();
export const taskOut = z.object({ id: z.string(), name: z.string(), description: z.string(), status: z.string(), priority: z.string().nullable(), due: z.string().nullable(), tags: z.array(z.string()), listId: z.string().nullable(), url: z.string(), createdAt: z.string() });
const iso = (ms: string | null | undefined) => (ms && /^\d+$/.test(ms) ? new Date(Number(ms)).toISOString() : null);
export const toTask = (t: z.infer<typeof cuTask>): z.infer<typeof taskOut> => ({ id: t.id, name: t.name, description: t.text_content ?? t.description ?? '', status: t.status.status, priority: t.priority?.priority ?? null, due: iso(t.due_date), tags: t.tags.map((x) => x.name), listId: t.list?.id ?? null, url: t.url, createdAt: iso(t.date_created) ?? t.date_created });
export const taskId = z.string().regex(/^[\w-]{1,40}$/, { error: 'must be a ClickUp task id such as 86a1b2c3' });
export const listId = z.string().regex(/^\d{1,20}$/, { error: 'must be a numeric ClickUp list id' });
/** ClickUp priorities: 1 urgent, 2 high, 3 normal, 4 low. */
export const priority = z.enum(['urgent', 'high', 'normal', 'low']);
export const priorityNumber = { urgent: 1, high: 2, normal: 3, low: 4 } as const;
