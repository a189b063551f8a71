import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Pipedrive errors (developers.pipedrive.com/docs/api/v1): `{ success: false, error, error_info?, errorCode? }`. */
const pipedriveError = z.object({ success: z.literal(false), error: z.string(), error_info: z.string().optional() }).loose();

export const readPipedriveFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = pipedriveError.safeParse(body).data;
  if (status === 401) return { message: 'the sign-in is no longer valid; reconnect Pipedrive' };
  if (status === 404) return { code: 'integrations.http.not_found', message: e ? `“${e.error.replace(/\.$/, '')}”` : 'the item does not exist (or the connection cannot see it)' };
  return e ? { message: `“${e.error.replace(/\.$/, '')}”` } : undefined;
};

export const pipedrive = defineRestService({
  id: 'pipedrive',
  name: 'Pipedrive',
  auth: 'oauth2',
  readFault: readPipedriveFault,
  // Token-based daily budget plus a burst limit of 80 requests per 2 s per token on the lowest plan.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/me', ...(signal ? { signal } : {}) }, z.object({ data: z.object({ email: z.string().optional(), name: z.string().optional(), company_name: z.string().optional() }).loose() }).loose());
    return { accountLabel: me.data.email ?? me.data.name };
  },
});

export const pipedriveDeal = z.object({ id: z.number(), title: z.string(), value: z.number().nullish(), currency: z.string().nullish(), status: z.string(), person_id: z.union([z.number(), z.object({ value: z.number() }).loose()]).nullish(), add_time: z.string(), update_time: z.string().nullish() }).loose();
export const dealOut = z.object({ id: z.number(), title: z.string(), value: z.number(), currency: z.string().nullable(), status: z.string(), personId: z.number().nullable(), addTime: z.string(), updateTime: z.string().nullable() });
export const toDeal = (d: z.output<typeof pipedriveDeal>): z.input<typeof dealOut> => ({
  id: d.id,
  title: d.title,
  value: d.value ?? 0,
  currency: d.currency ?? null,
  status: d.status,
  personId: typeof d.person_id === 'number' ? d.person_id : (d.person_id?.value ?? null),
  addTime: d.add_time,
  updateTime: d.update_time ?? null,
});
export const pagination = z.object({ more_items_in_collection: z.boolean(), next_start: z.number().optional() }).loose();
export const dealList = z.object({ data: z.array(pipedriveDeal).nullable(), additional_data: z.object({ pagination: pagination.optional() }).loose().optional() }).loose();
export const dealId = z.number().int().positive();
export const dealStatus = z.enum(['open', 'won', 'lost']);
