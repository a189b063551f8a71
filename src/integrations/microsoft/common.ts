import { z } from 'zod';
import type { FaultReader, IntegrationErrorCode } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Microsoft Graph error envelope (learn.microsoft.com/graph/errors): `{ error: { code, message } }`. */
const graphError = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }).loose() });

const codes: Record<string, IntegrationErrorCode> = {
  InvalidAuthenticationToken: 'integrations.http.unauthorized',
  itemNotFound: 'integrations.http.not_found',
  ErrorItemNotFound: 'integrations.http.not_found',
  accessDenied: 'integrations.http.forbidden',
  nameAlreadyExists: 'integrations.http.conflict',
  activityLimitReached: 'integrations.http.rate_limited',
  TooManyRequests: 'integrations.http.rate_limited',
  serviceNotAvailable: 'integrations.http.unavailable',
};

export const readGraphFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = graphError.safeParse(body);
  if (!e.success) return undefined;
  const code = codes[e.data.error.code];
  return { ...(code ? { code } : {}), providerCode: e.data.error.code, message: e.data.error.message ? `“${e.data.error.message.replace(/\.$/, '')}”` : `HTTP ${status} (${e.data.error.code})` };
};

export const graphProfile = (serviceId: string): ServiceProfile => ({
  serviceId,
  readFault: readGraphFault,
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'me', query: { $select: 'userPrincipalName,mail' }, signal }, z.object({ userPrincipalName: z.string().optional(), mail: z.string().nullish() }).loose());
    return { accountLabel: me.mail ?? me.userPrincipalName };
  },
});

export const graphPage = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item), '@odata.nextLink': z.string().optional(), '@odata.deltaLink': z.string().optional() });
