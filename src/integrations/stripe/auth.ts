import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Stripe errors (docs.stripe.com/api/errors): `{ error: { type, code?, message, param? } }`. */
const stripeError = z.object({ error: z.object({ type: z.string(), code: z.string().optional(), message: z.string().optional(), param: z.string().optional() }).loose() }).loose();

export const readStripeFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = stripeError.safeParse(body).data?.error;
  if (!e) return undefined;
  const text = `“${(e.message ?? e.type).replace(/\.$/, '')}”${e.param ? ` (field ${e.param})` : ''}`;
  if (e.code === 'resource_missing') return { code: 'integrations.http.not_found', providerCode: e.code, message: text };
  if (status === 401) return { message: 'the API key is not valid; reconnect Stripe with a current secret or restricted key' };
  return { ...(e.code ? { providerCode: e.code } : {}), message: text };
};

export const stripe = defineRestService({
  id: 'stripe',
  name: 'Stripe',
  auth: { apiKey: 'bearer' },
  readFault: readStripeFault,
  // Live mode allows 100 read and 100 write requests per second; stay well under it.
  limits: { concurrency: 4, ratePerSecond: 20, burst: 40 },
  // Stripe dedupes a POST with the same Idempotency-Key for 24 h, so a retried step creates nothing twice.
  idempotencyHeader: 'Idempotency-Key',
  async check(client, signal) {
    const account = await client.call({ path: 'account', ...(signal ? { signal } : {}) }, z.object({ email: z.string().nullish(), settings: z.object({ dashboard: z.object({ display_name: z.string().nullish() }).loose().optional() }).loose().optional() }).loose());
    return { accountLabel: account.settings?.dashboard?.display_name ?? account.email ?? undefined };
  },
});

export const stripeCustomer = z.object({ id: z.string(), email: z.string().nullish(), name: z.string().nullish(), description: z.string().nullish(), created: z.number(), metadata: z.record(z.string(), z.string()).default({}) }).loose();
export const customerOut = z.object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable(), description: z.string().nullable(), created: z.string(), metadata: z.record(z.string(), z.string()) });
export const toCustomer = (c: z.output<typeof stripeCustomer>): z.input<typeof customerOut> => ({ id: c.id, email: c.email ?? null, name: c.name ?? null, description: c.description ?? null, created: new Date(c.created * 1000).toISOString(), metadata: c.metadata });
export const stripeList = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), has_more: z.boolean() }).loose();

export const customerId = z.string().regex(/^cus_[A-Za-z0-9]+$/, { error: 'must be a Stripe customer id such as cus_NffrFeUfNV2Hib' });
export const customerFields = {
  email: z.email().max(512).optional(),
  name: z.string().max(256).optional(),
  description: z.string().max(350).optional(),
  metadata: z.record(z.string().max(40), z.string().max(500)).optional().describe('Key-value pairs kept on the customer'),
};

/** Stripe's form encoding of a customer's fields (metadata as `metadata[key]`). */
export const customerForm = (i: { email?: string | undefined; name?: string | undefined; description?: string | undefined; metadata?: Record<string, string> | undefined }) => ({
  email: i.email,
  name: i.name,
  description: i.description,
  ...Object.fromEntries(Object.entries(i.metadata ?? {}).map(([k, v]) => [`metadata[${k}]`, v])),
});
