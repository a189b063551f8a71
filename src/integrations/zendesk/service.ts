import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/**
 * Zendesk errors (developer.zendesk.com/api-reference/introduction/requests/#response-format): `{ error,
 * description }`, validation as 422 `RecordInvalid` with `details.{field}[].description`; 401 `{ error:
 * "Couldn't authenticate you" }`.
 */
const zdError = z.object({ error: z.union([z.string(), z.object({ title: z.string().optional(), message: z.string().optional() }).loose()]), description: z.string().optional(), details: z.record(z.string(), z.array(z.object({ description: z.string() }).loose())).optional() }).loose();

export const readZendeskFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 404) return { message: 'the ticket does not exist (or the connection cannot see it)' };
  const e = zdError.safeParse(body);
  if (!e.success || status === 401) return undefined;
  const details = Object.values(e.data.details ?? {}).flat().map((d) => d.description);
  const head = typeof e.data.error === 'string' ? e.data.error : (e.data.error.message ?? e.data.error.title ?? '');
  return { ...(typeof e.data.error === 'string' ? { providerCode: e.data.error } : {}), message: `“${(details.length ? details.join('; ') : (e.data.description ?? head)).replace(/\.$/, '')}”` };
};

export const zdTicket = z.object({ id: z.number(), subject: z.string().nullish(), description: z.string().nullish(), status: z.string(), priority: z.string().nullish(), tags: z.array(z.string()).default([]), requester_id: z.number().nullish(), created_at: z.string(), updated_at: z.string().nullish() }).loose();
export const ticketOut = z.object({ id: z.number(), subject: z.string(), description: z.string(), status: z.string(), priority: z.string().nullable(), tags: z.array(z.string()), requesterId: z.number().nullable(), createdAt: z.string() });
export const toTicket = (t: z.infer<typeof zdTicket>): z.infer<typeof ticketOut> => ({ id: t.id, subject: t.subject ?? '', description: t.description ?? '', status: t.status, priority: t.priority ?? null, tags: t.tags, requesterId: t.requester_id ?? null, createdAt: t.created_at });
export const priority = z.enum(['low', 'normal', 'high', 'urgent']);
export const status = z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']);

export const zendesk = defineRestService({
  id: 'zendesk',
  name: 'Zendesk',
  auth: 'oauth2',
  readFault: readZendeskFault,
  // Support API: 200-700 requests a minute by plan; 429 answers carry Retry-After.
  limits: { concurrency: 4, ratePerSecond: 3, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/me', ...(signal ? { signal } : {}) }, z.object({ user: z.object({ email: z.string().nullish(), name: z.string().optional() }).loose() }));
    return { accountLabel: me.user.email ?? me.user.name };
  },
});
