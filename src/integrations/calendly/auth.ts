import { z } from 'zod';
import type { FaultReader, ServiceClient } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Calendly errors (developer.calendly.com/api-docs, "Errors"): `{ title, message, details?: [{ parameter, message }] }`. */
const calendlyError = z.object({ title: z.string(), message: z.string(), details: z.array(z.object({ parameter: z.string().optional(), message: z.string() }).loose()).optional() }).loose();

export const readCalendlyFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = calendlyError.safeParse(body).data;
  if (status === 401) return { message: 'the sign-in is no longer valid; reconnect Calendly' };
  if (status === 404) return { code: 'integrations.http.not_found', message: 'the event does not exist (or the connection cannot see it)' };
  if (!e) return undefined;
  return { message: `“${e.details?.length ? e.details.map((d) => (d.parameter ? `${d.parameter}: ${d.message}` : d.message)).join('; ') : e.message.replace(/\.$/, '')}”` };
};

export const calendly = defineRestService({
  id: 'calendly',
  name: 'Calendly',
  auth: 'oauth2',
  readFault: readCalendlyFault,
  limits: { concurrency: 2, ratePerSecond: 5, burst: 10 },
  async check(client, signal) {
    const me = await currentUser(client, signal);
    return { accountLabel: me.email ?? me.name };
  },
});

const me = z.object({ resource: z.object({ uri: z.string(), name: z.string().optional(), email: z.string().optional() }).loose() }).loose();

/** The connected user (URIs name resources in Calendly; lists need the user's). Cached for a while per client. */
export async function currentUser(client: ServiceClient, signal?: AbortSignal) {
  return (await client.call({ path: 'users/me', cacheTtlMs: 10 * 60_000, ...(signal ? { signal } : {}) }, me)).resource;
}

export const pagination = z.object({ next_page_token: z.string().nullish() }).loose();
export const collection = <T extends z.ZodType>(item: T) => z.object({ collection: z.array(item), pagination }).loose();

export const calendlyEvent = z.object({ uri: z.string(), name: z.string().nullish(), status: z.string(), start_time: z.string(), end_time: z.string(), event_type: z.string().nullish(), created_at: z.string(), location: z.object({ join_url: z.string().optional(), location: z.string().optional() }).loose().nullish() }).loose();
export const eventOut = z.object({ uuid: z.string(), uri: z.string(), name: z.string().nullable(), status: z.string(), startTime: z.string(), endTime: z.string(), eventType: z.string().nullable(), createdAt: z.string(), joinUrl: z.string().nullable() });
export const uuidOf = (uri: string) => uri.split('/').pop() ?? uri;
export const toEvent = (e: z.output<typeof calendlyEvent>): z.input<typeof eventOut> => ({ uuid: uuidOf(e.uri), uri: e.uri, name: e.name ?? null, status: e.status, startTime: e.start_time, endTime: e.end_time, eventType: e.event_type ?? null, createdAt: e.created_at, joinUrl: e.location?.join_url ?? null });

export const eventUuid = z.string().regex(/^[A-Za-z0-9-]{4,}$/, { error: 'must be a scheduled event’s uuid (the last part of its URI)' });
