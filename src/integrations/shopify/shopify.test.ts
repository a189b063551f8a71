import { describe, expect, it } from 'vitest';
import { startShopifyFake, type ShopifyFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createProduct, getProduct, listProducts, shopify, webhookEvent } from './index.js';

async function seeded(): Promise<ShopifyFake> {
  const fake = await startShopifyFake();
  // More products than one page (250), so lists follow the Link header's page_info.
  for (let i = 1; i <= 260; i++) fake.addProduct(`Product ${i}`);
  for (let i = 1; i <= 3; i++) fake.addOrder(`buyer${i}@example.com`, `${i}0.00`);
  return fake;
}

describeConformance({
  service: shopify,
  startFake: seeded,
  basePath: '/admin/api/2024-10',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
  operations: {
    'shopify.list_products': { input: { limit: 255 }, check: (out) => expect((out as { products: unknown[] }).products).toHaveLength(255), badInput: { input: { status: 'gone' }, field: 'status' } },
    'shopify.get_product': { input: { productId: 7000000001 }, check: (out) => expect(out).toMatchObject({ id: 7000000001, title: 'Product 1', status: 'active' }), badInput: { input: { productId: 'abc' }, field: 'productId' } },
    'shopify.create_product': { input: { title: 'Blue mug', vendor: 'Atom Goods', status: 'draft' }, check: (out) => expect(out).toMatchObject({ title: 'Blue mug', vendor: 'Atom Goods', status: 'draft' }), badInput: { input: { title: '' }, field: 'title' } },
    'shopify.update_product': { input: { productId: 7000000002, status: 'archived' }, check: (out) => expect(out).toMatchObject({ id: 7000000002, status: 'archived', title: 'Product 2' }), badInput: { input: { productId: 7000000002, status: 'sold' }, field: 'status' } },
    'shopify.get_order': { input: { orderId: 5000000001 }, check: (out) => expect(out).toMatchObject({ name: '#1001', email: 'buyer1@example.com', totalPrice: '10.00' }), badInput: { input: { orderId: 0 }, field: 'orderId' } },
  },
  triggers: {
    'shopify.new_order': { config: {}, produce: (f) => void (f as ShopifyFake).addOrder('new@example.com', '99.90'), check: (events) => expect(events[0]).toMatchObject({ email: 'new@example.com', totalPrice: '99.90' }) },
  },
  extra(ctx) {
    describe('Shopify specifics', () => {
      it('sends the token in X-Shopify-Access-Token, never as Bearer', async () => {
        const { h, fake } = ctx();
        await h.run(listProducts, { vendor: 'Example Shop', limit: 1 });
        const headers = fake.requests.at(-1)!.headers;
        expect(headers['x-shopify-access-token']).toMatch(/^tok-/);
        expect(headers.authorization).toBeUndefined();
      });
      it('reports Shopify’s field errors and missing products in words', async () => {
        const { h } = ctx();
        await expect(h.run(getProduct, { productId: 1 })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
        expect(await h.run(createProduct, { title: 'Ok' })).toMatchObject({ title: 'Ok' });
      });
    });
    describe('shopify.webhook_event (X-Shopify-Hmac-Sha256)', () => {
      const secret = 'shpss_app_secret';
      const deliver = (headers: Record<string, string>, body: string, topics: string[] = []) => webhookEvent.webhook!({ method: 'POST', headers, rawBody: Buffer.from(body), query: {}, secret }, webhookEvent.config.parse({ topics }));
      it('accepts a signed delivery and keeps only the listed topics', async () => {
        const fake = ctx().fake as ShopifyFake;
        const body = JSON.stringify({ id: 5000000099, name: '#1099' });
        const headers = fake.signedDelivery('orders/create', body, secret);
        expect(await deliver(headers, body)).toEqual([{ topic: 'orders/create', shop: 'example.myshopify.com', webhookId: headers['x-shopify-webhook-id'], payload: { id: 5000000099, name: '#1099' } }]);
        expect(await deliver(headers, body, ['products/update'])).toEqual([]);
      });
      it('refuses a wrong secret, a changed body and a missing signature', async () => {
        const fake = ctx().fake as ShopifyFake;
        const body = JSON.stringify({ id: 1 });
        await expect(deliver(fake.signedDelivery('orders/create', body, 'other'), body)).rejects.toMatchObject({ code: 'integrations.webhook.rejected' });
        await expect(deliver(fake.signedDelivery('orders/create', body, secret), body.replace('1', '2'))).rejects.toThrow(/does not match/);
        await expect(deliver({ 'x-shopify-topic': 'orders/create' }, body)).rejects.toThrow(/no X-Shopify-Hmac-Sha256/);
      });
    });
  },
});
