import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../platform/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';

const rejected = (why: string) => new AppError('integrations.webhook.rejected', `The Stripe delivery was refused: ${why}.`, { status: 401 });

/**
 * Checks `Stripe-Signature: t=<unix>,v1=<hex>[,v1=...]` (docs.stripe.com/webhooks#verify-manually): an HMAC-SHA256
 * of `<t>.<raw body>` with the endpoint's signing secret (whsec_...), any v1 matching, t within the tolerance.
 */
export function verifyStripeSignature(header: string | undefined, rawBody: Buffer, secret: string, toleranceSeconds: number, now = Date.now()): void {
  const parts = (header ?? '').split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const v1 = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!t || !/^\d+$/.test(t) || v1.length === 0) throw rejected('no Stripe-Signature with a timestamp and a v1 signature');
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex'));
  if (!v1.some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected))) throw rejected('the signature does not match');
  if (Math.abs(now / 1000 - Number(t)) > toleranceSeconds) throw rejected('the timestamp is too old (a replay?)');
}

const stripeEventBody = z.object({ id: z.string(), type: z.string(), created: z.number(), livemode: z.boolean().default(false), data: z.object({ object: z.record(z.string(), z.unknown()) }).loose() }).loose();
const parseJson = (raw: Buffer): unknown => {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
};

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const webhookEvent = defineIntegrationTrigger({
  id: 'stripe.webhook_event',
  title: 'Event pushed by Stripe',
  service: 'stripe',
  description: 'Starts when Stripe posts an event to the workflow’s webhook endpoint, signed with its signing secret.',
  aiDescription: 'Use when Stripe is set up to push events (Developers > Webhooks) and reacting within seconds matters; otherwise stripe.new_event polls. Only the listed event types start a run.',
  kind: 'webhook',
  config: z.object({ types: z.array(z.string().min(1)).default([]).describe('Event types that start a run (empty: all)'), toleranceSeconds: z.number().int().min(10).max(3600).default(300) }),
  event: z.object({ id: z.string(), type: z.string(), created: z.string(), livemode: z.boolean(), object: z.record(z.string(), z.unknown()) }),
  async webhook(delivery, config) {
    verifyStripeSignature(header(delivery.headers, 'stripe-signature'), delivery.rawBody, delivery.secret, config.toleranceSeconds);
    const parsed = stripeEventBody.safeParse(parseJson(delivery.rawBody));
    if (!parsed.success) throw new AppError('integrations.webhook.bad_body', 'The Stripe delivery is not an event object.', { status: 400 });
    const e = parsed.data;
    if (config.types.length && !config.types.includes(e.type)) return [];
    return [{ id: e.id, type: e.type, created: new Date(e.created * 1000).toISOString(), livemode: e.livemode, object: e.data.object }];
  },
});
