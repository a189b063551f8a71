import { AppError } from '../errors/index.js';

/**
 * Every way a call to an outside service can fail, with the status Atom's API answers with and whether
 * a retry can help. Retry decisions come from this table, never from message text.
 * Upstream auth problems answer 424 (not 401), so they are not mistaken for Atom's own sign-in.
 */
export const integrationErrorCodes = {
  'integrations.http.timeout': { status: 504, retryable: true, breaker: true },
  'integrations.http.network': { status: 502, retryable: true, breaker: true },
  'integrations.http.rate_limited': { status: 429, retryable: true, breaker: false },
  'integrations.http.unavailable': { status: 503, retryable: true, breaker: true },
  'integrations.http.server_error': { status: 502, retryable: true, breaker: true },
  'integrations.http.unauthorized': { status: 424, retryable: false, breaker: false },
  'integrations.http.forbidden': { status: 424, retryable: false, breaker: false },
  'integrations.http.not_found': { status: 404, retryable: false, breaker: false },
  'integrations.http.conflict': { status: 409, retryable: false, breaker: false },
  'integrations.http.bad_request': { status: 422, retryable: false, breaker: false },
  'integrations.http.invalid_response': { status: 502, retryable: false, breaker: false },
  'integrations.http.circuit_open': { status: 503, retryable: false, breaker: false },
  'integrations.http.cancelled': { status: 499, retryable: false, breaker: false },
  'integrations.http.blocked_address': { status: 422, retryable: false, breaker: false },
} as const;

export type IntegrationErrorCode = keyof typeof integrationErrorCodes;

export interface IntegrationErrorDetails {
  service: string;
  /** HTTP status the service answered with, when it answered. */
  upstreamStatus?: number;
  /** The service's own error code (`channel_not_found`), when it gave one. */
  providerCode?: string;
  /** How long the service asked us to wait, in milliseconds. */
  retryAfterMs?: number;
  /** True when the request never reached the service (safe to retry even when not idempotent). */
  notSent?: boolean;
}

export function integrationError(
  code: IntegrationErrorCode,
  message: string,
  details: IntegrationErrorDetails,
  cause?: unknown,
): AppError {
  const extensions: Record<string, unknown> = { service: details.service };
  if (details.upstreamStatus !== undefined) extensions['upstreamStatus'] = details.upstreamStatus;
  if (details.providerCode !== undefined) extensions['providerCode'] = details.providerCode;
  if (details.retryAfterMs !== undefined) extensions['retryAfter'] = Math.ceil(details.retryAfterMs / 1000);
  if (details.notSent) extensions['notSent'] = true;
  return new AppError(code, message, { status: integrationErrorCodes[code].status, extensions, cause });
}

export const isIntegrationCode = (code: string): code is IntegrationErrorCode => code in integrationErrorCodes;

/** Whether an error is one a retry may fix (network, timeout, 5xx, 429). */
export function isRetryable(err: unknown): boolean {
  return err instanceof AppError && isIntegrationCode(err.code) && integrationErrorCodes[err.code].retryable;
}

/** Whether an error counts against the connection's circuit breaker (the service looks down). */
export function countsAgainstBreaker(err: unknown): boolean {
  return err instanceof AppError && isIntegrationCode(err.code) && integrationErrorCodes[err.code].breaker;
}

export const retryAfterMsOf = (err: unknown): number | undefined => {
  if (!(err instanceof AppError)) return undefined;
  const v = err.extensions?.['retryAfter'];
  return typeof v === 'number' ? v * 1000 : undefined;
};

/** The code that an HTTP status maps to when the service gave nothing more specific. */
export function codeForStatus(status: number): IntegrationErrorCode {
  if (status === 401) return 'integrations.http.unauthorized';
  if (status === 403) return 'integrations.http.forbidden';
  if (status === 404 || status === 410) return 'integrations.http.not_found';
  if (status === 409 || status === 412) return 'integrations.http.conflict';
  if (status === 429) return 'integrations.http.rate_limited';
  if (status === 503) return 'integrations.http.unavailable';
  if (status === 408 || status === 504) return 'integrations.http.timeout';
  if (status >= 500) return 'integrations.http.server_error';
  return 'integrations.http.bad_request';
}

/** Plain wording of a status, used after "<Service> says ...". */
export function plainStatus(status: number): string {
  if (status === 401) return 'the sign-in is no longer valid; reconnect the account';
  if (status === 403) return 'the connected account is not allowed to do that';
  if (status === 404 || status === 410) return 'the item does not exist (or the account cannot see it)';
  if (status === 409 || status === 412) return 'the item changed or already exists';
  if (status === 429) return 'too many requests were made; slow down and try again later';
  if (status === 503) return 'it is temporarily unavailable';
  if (status >= 500) return `it had an internal error (HTTP ${status})`;
  return `the request was not accepted (HTTP ${status})`;
}

/** The AppError inside what fetch threw (undici reports a refused DNS answer as the cause of "fetch failed"). */
export function appErrorInside(err: unknown, depth = 0): AppError | undefined {
  if (err instanceof AppError) return err;
  if (!(err instanceof Error) || depth > 5) return undefined;
  return appErrorInside(err.cause, depth + 1);
}
