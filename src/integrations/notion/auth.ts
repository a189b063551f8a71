import { z } from 'zod';
import type { FaultReader, IntegrationErrorCode } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Notion errors (developers.notion.com/reference/status-codes): `{ object: "error", status, code, message }`. */
const notionError = z.object({ object: z.literal('error'), code: z.string(), message: z.string() }).loose();
const codes: Record<string, IntegrationErrorCode> = {
  unauthorized: 'integrations.http.unauthorized',
  restricted_resource: 'integrations.http.forbidden',
  object_not_found: 'integrations.http.not_found',
  validation_error: 'integrations.http.bad_request',
  conflict_error: 'integrations.http.conflict',
  rate_limited: 'integrations.http.rate_limited',
  service_unavailable: 'integrations.http.unavailable',
};

export const readNotionFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = notionError.safeParse(body);
  if (!e.success) return undefined;
  const code = codes[e.data.code];
  return {
    ...(code ? { code } : {}),
    providerCode: e.data.code,
    message: e.data.code === 'object_not_found' ? 'the page or database does not exist, or it is not shared with Atom’s integration' : `“${e.data.message.replace(/\.$/, '')}”`,
  };
};

/** Every Notion request names the API version it was written against. */
export const notionHeaders = { 'notion-version': '2022-06-28' };

export const notionProfile: ServiceProfile = {
  serviceId: 'notion',
  readFault: readNotionFault,
  // Notion allows an average of three requests per second per integration.
  limits: { concurrency: 3, ratePerSecond: 3, burst: 6 },
  async check(client, signal) {
    const me = await client.call({ path: 'users/me', headers: notionHeaders, signal }, z.object({ id: z.string(), name: z.string().nullish() }).loose());
    return { accountLabel: me.name ?? undefined };
  },
};
