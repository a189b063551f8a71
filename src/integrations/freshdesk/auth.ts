import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Freshdesk errors (developers.freshdesk.com/api/#error): `{ description, errors: [{ field, message, code }] }` or `{ code, message }`. */
const validation = z.object({ description: z.string(), errors: z.array(z.object({ field: z.string().optional(), message: z.string() }).loose()).default([]) }).loose();
const coded = z.object({ code: z.string(), message: z.string() }).loose();

export const readFreshdeskFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the API key is not valid; reconnect Freshdesk' };
  if (status === 404) return { code: 'integrations.http.not_found', message: 'the ticket does not exist (or the connection cannot see it)' };
  const v = validation.safeParse(body).data;
  if (v) return { message: `“${v.errors.length ? v.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') : v.description}”` };
  const c = coded.safeParse(body).data;
  return c ? { providerCode: c.code, message: `“${c.message.replace(/\.$/, '')}”` } : undefined;
};

export const freshdesk = defineRestService({
  id: 'freshdesk',
  name: 'Freshdesk',
  auth: 'basic',
  readFault: readFreshdeskFault,
  // Per-minute account limits (200-700 by plan) with lower per-endpoint limits; 429 carries Retry-After.
  limits: { concurrency: 2, ratePerSecond: 3, burst: 6 },
  async check(client, signal) {
    const me = await client.call({ path: 'agents/me', ...(signal ? { signal } : {}) }, z.object({ contact: z.object({ email: z.string().optional(), name: z.string().optional() }).loose() }).loose());
    return { accountLabel: me.contact.email ?? me.contact.name };
  },
});

export const freshdeskTicket = z.object({ id: z.number(), subject: z.string().nullish(), description_text: z.string().nullish(), status: z.number(), priority: z.number(), email: z.string().nullish(), requester_id: z.number().nullish(), tags: z.array(z.string()).default([]), created_at: z.string(), updated_at: z.string() }).loose();
export const ticketOut = z.object({ id: z.number(), subject: z.string(), description: z.string(), status: z.number(), priority: z.number(), email: z.string().nullable(), tags: z.array(z.string()), createdAt: z.string(), updatedAt: z.string() });
export const toTicket = (t: z.output<typeof freshdeskTicket>): z.input<typeof ticketOut> => ({ id: t.id, subject: t.subject ?? '', description: t.description_text ?? '', status: t.status, priority: t.priority, email: t.email ?? null, tags: t.tags, createdAt: t.created_at, updatedAt: t.updated_at });

export const ticketId = z.number().int().positive();
/** Freshdesk's numbers: status 2 open, 3 pending, 4 resolved, 5 closed; priority 1 low … 4 urgent. */
export const status = z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).describe('2 open, 3 pending, 4 resolved, 5 closed');
export const priority = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).describe('1 low, 2 medium, 3 high, 4 urgent');
