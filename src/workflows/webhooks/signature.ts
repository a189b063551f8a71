import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/index.js';

/** A webhook trigger's HMAC settings (the `hmac` of a webhook trigger definition). */
export interface HmacSettings {
  header: string;
  timestampHeader: string;
  toleranceSeconds: number;
  requireTimestamp: boolean;
}

/** An accepted signature, as the replay check remembers it. */
export interface AcceptedSignature {
  /** The signature as sent (hex, without a `sha256=` prefix). */
  given: string;
  /** The timestamp header as sent ('' when none). */
  stamp: string;
  /** When it was checked (ms since the epoch). */
  now: number;
}

export type HeaderValue = string | string[] | undefined;

/**
 * Checks a signed delivery: the HMAC-SHA256 of `<timestamp>.<raw body>` (or of the body alone when no
 * timestamp is sent) under the webhook's secret, and a timestamp within the tolerance when one is sent or
 * required. Throws a 401 AppError otherwise; a missing secret never matches.
 */
export function verifySignature(
  delivery: { headers: Record<string, HeaderValue>; rawBody: Buffer; now?: number },
  secret: string | undefined,
  hmac: HmacSettings,
): AcceptedSignature {
  const header = (name: string) => {
    const v = delivery.headers[name.toLowerCase()];
    return typeof v === 'string' ? v.trim() : '';
  };
  const given = header(hmac.header).replace(/^sha256=/, '');
  const stamp = header(hmac.timestampHeader);
  if (!stamp && hmac.requireTimestamp) throw new AppError('workflows.webhook.timestamp_missing', `The request has no ${hmac.timestampHeader} header.`, { status: 401 });
  const now = delivery.now ?? Date.now();
  if (stamp) {
    const seconds = /^\d{1,12}$/.test(stamp) ? Number(stamp) : Number.NaN;
    if (!Number.isFinite(seconds) || Math.abs(now / 1000 - seconds) > hmac.toleranceSeconds) {
      throw new AppError('workflows.webhook.stale_timestamp', `The request timestamp is missing, malformed or more than ${hmac.toleranceSeconds} s away from now.`, { status: 401 });
    }
  }
  const mac = secret ? createHmac('sha256', secret) : undefined;
  if (mac && stamp) mac.update(`${stamp}.`);
  const expected = mac ? mac.update(delivery.rawBody).digest('hex') : '';
  const ok = !!secret && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) throw new AppError('workflows.webhook.signature', 'The request signature does not match.', { status: 401 });
  return { given, stamp, now };
}
