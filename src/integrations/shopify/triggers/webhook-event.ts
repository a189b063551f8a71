import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../platform/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';

const rejected = (why: string) => new AppError('integrations.webhook.rejected', `The Shopify delivery was refused: ${why}.`, { status: 401 });
const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the app's client secret (shopify.dev, "Verify webhooks"). */
export function verifyShopifyHmac(given: string | undefined, rawBody: Buffer, secret: string): void {
  if (!given) throw rejected('no X-Shopify-Hmac-Sha256 header');
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const got = Buffer.from(given);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw rejected('the signature does not match');
}

export const webhookEvent = defineIntegrationTrigger({
  id: 'shopify.webhook_event',
  service: 'shopify',
  title: 'Event pushed by Shopify',
  description: 'Starts when Shopify posts a webhook (orders/create, products/update...) signed with the app’s secret.',
  aiDescription: 'Use when the store pushes webhooks to the workflow; otherwise shopify.new_order polls. Only the listed topics start a run.',
  kind: 'webhook',
  config: z.object({ topics: z.array(z.string().regex(/^[a-z_]+\/[a-z_]+$/)).default([]).describe('Topics that start a run (empty: all)') }),
  event: z.object({ topic: z.string(), shop: z.string().nullable(), webhookId: z.string().nullable(), payload: z.unknown() }),
  async webhook(delivery, config) {
    verifyShopifyHmac(header(delivery.headers, 'x-shopify-hmac-sha256'), delivery.rawBody, delivery.secret);
    const topic = header(delivery.headers, 'x-shopify-topic') ?? '';
    if (config.topics.length && !config.topics.includes(topic)) return [];
    let payload: unknown;
    try {
      payload = JSON.parse(delivery.rawBody.toString('utf8'));
    } catch {
      throw new AppError('integrations.webhook.bad_body', 'The Shopify delivery is not JSON.', { status: 400 });
    }
    return [{ topic, shop: header(delivery.headers, 'x-shopify-shop-domain') ?? null, webhookId: header(delivery.headers, 'x-shopify-webhook-id') ?? null, payload }];
  },
});
