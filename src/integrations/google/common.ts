import { z } from 'zod';
import type { FaultReader, IntegrationErrorCode } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** Google's JSON error envelope (cloud.google.com/apis/design/errors). */
const googleError = z.object({
  error: z.object({ code: z.number().optional(), message: z.string().optional(), status: z.string().optional(), errors: z.array(z.object({ reason: z.string().optional() }).loose()).optional() }).loose(),
});

const reasons: Record<string, IntegrationErrorCode> = {
  rateLimitExceeded: 'integrations.http.rate_limited',
  userRateLimitExceeded: 'integrations.http.rate_limited',
  quotaExceeded: 'integrations.http.rate_limited',
  authError: 'integrations.http.unauthorized',
  notFound: 'integrations.http.not_found',
  insufficientPermissions: 'integrations.http.forbidden',
};

/** Google reports rate limits as 403 with a reason, and always includes a readable message. */
export const readGoogleFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  const e = googleError.safeParse(body);
  if (!e.success) return undefined;
  const reason = e.data.error.errors?.[0]?.reason;
  const message = e.data.error.message ? `“${e.data.error.message.replace(/\.$/, '')}”` : `HTTP ${status}`;
  return {
    ...(reason && reasons[reason] ? { code: reasons[reason] } : {}),
    ...(reason ? { providerCode: reason } : e.data.error.status ? { providerCode: e.data.error.status } : {}),
    message,
  };
};

export const googleProfile = (serviceId: string, check: ServiceProfile['check']): ServiceProfile => ({
  serviceId,
  readFault: readGoogleFault,
  limits: { concurrency: 8, ratePerSecond: 10, burst: 20 },
  check,
});

export const base64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');
