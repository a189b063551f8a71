import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../platform/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const rejected = (why: string) => new AppError('integrations.webhook.rejected', `The webhook delivery was refused: ${why}.`, { status: 401 });

export const incomingWebhook = defineIntegrationTrigger({
  id: 'webhook.incoming',
  service: 'webhook',
  title: 'Incoming webhook',
  description: 'Starts when another system posts to the workflow’s secret webhook URL.',
  aiDescription:
    'Use when an outside system can call a URL on events (form tools, CI, custom apps). Deliveries must carry the secret, either as an HMAC-SHA256 signature of the raw body (X-Atom-Signature: sha256=<hex>) or as a bearer token.',
  kind: 'webhook',
  config: z.object({
    verification: z.enum(['hmac-sha256', 'token']).default('hmac-sha256'),
    /** Deliveries older than this (X-Atom-Timestamp, seconds) are refused as replays. */
    maxAgeSeconds: z.number().int().min(10).max(86_400).default(300),
  }),
  event: z.object({ method: z.string(), headers: z.record(z.string(), z.string()), query: z.record(z.string(), z.string()), body: z.unknown(), receivedAt: z.string() }),
  async webhook(delivery, config) {
    if (config.verification === 'token') {
      const auth = header(delivery.headers, 'authorization') ?? '';
      if (!safeEqual(auth, `Bearer ${delivery.secret}`)) throw rejected('wrong or missing token');
    } else {
      const sig = header(delivery.headers, 'x-atom-signature') ?? '';
      const ts = header(delivery.headers, 'x-atom-timestamp');
      const signed = ts ? Buffer.concat([Buffer.from(`${ts}.`), delivery.rawBody]) : delivery.rawBody;
      const expected = `sha256=${createHmac('sha256', delivery.secret).update(signed).digest('hex')}`;
      if (!safeEqual(sig, expected)) throw rejected('bad signature');
      if (ts && Math.abs(Date.now() / 1000 - Number(ts)) > config.maxAgeSeconds) throw rejected('the timestamp is too old (replay?)');
    }
    const text = delivery.rawBody.toString('utf8');
    const ct = header(delivery.headers, 'content-type') ?? '';
    let body: unknown = text;
    if (/json/.test(ct)) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError('integrations.webhook.bad_json', 'The webhook body is not valid JSON.', { status: 400 });
      }
    } else if (/x-www-form-urlencoded/.test(ct)) body = Object.fromEntries(new URLSearchParams(text));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(delivery.headers)) if (v !== undefined && !/^(authorization|cookie|x-atom-signature)$/i.test(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    return [{ method: delivery.method, headers, query: delivery.query, body, receivedAt: new Date().toISOString() }];
  },
});
