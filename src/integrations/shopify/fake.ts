import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Shopify Admin REST fake (shopify.dev/docs/api/admin-rest, version 2024-10): `X-Shopify-Access-Token` header,
 * `{ product }` / `{ products }` / `{ orders }` envelopes, cursor pages through a `Link: <...page_info=...>;
 * rel="next"` header (a page_info request takes no other filter), `since_id` for new items in id order, errors
 * `{ errors: "..." }` or `{ errors: { field: ["..."] } }` (401 invalid token, 404 Not Found, 422 validation),
 * 429 with `Retry-After: 2.0`; webhooks signed with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body).
 */
export interface ShopifyProduct {
  id: number;
  title: string;
  body_html: string | null;
  vendor: string;
  product_type: string;
  status: 'active' | 'draft' | 'archived';
  created_at: string;
  updated_at: string;
}
export interface ShopifyOrder {
  id: number;
  name: string;
  email: string;
  total_price: string;
  currency: string;
  financial_status: string;
  created_at: string;
}
export interface ShopifyFake extends FakeService {
  products: ShopifyProduct[];
  orders: ShopifyOrder[];
  addProduct(title: string): ShopifyProduct;
  addOrder(email: string, total: string): ShopifyOrder;
  /** Headers Shopify sends with a webhook delivery of `body`, signed with the app's client secret. */
  signedDelivery(topic: string, body: string, secret: string): Record<string, string>;
}

const V = '/admin/api/2024-10';

export async function startShopifyFake(): Promise<ShopifyFake> {
  const state = { products: [] as ShopifyProduct[], orders: [] as ShopifyOrder[] };
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const stamp = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, '-00:00');
  let productId = 7_000_000_000;
  let orderId = 5_000_000_000;
  const addProduct = (title: string, extra: Partial<ShopifyProduct> = {}): ShopifyProduct => {
    const at = stamp();
    const p: ShopifyProduct = { id: ++productId, title, body_html: null, vendor: 'Example Shop', product_type: '', status: 'active', created_at: at, updated_at: at, ...extra };
    state.products.push(p);
    return p;
  };
  const addOrder = (email: string, total: string): ShopifyOrder => {
    const o = { id: ++orderId, name: `#${1000 + state.orders.length + 1}`, email, total_price: total, currency: 'EUR', financial_status: 'paid', created_at: stamp() };
    state.orders.push(o);
    return o;
  };
  // page_info tokens stand for "the rest of this listing after item N" (opaque to clients, as Shopify's are).
  const pageOf = <T extends { id: number }>(req: FastifyRequest, reply: FastifyReply, rows: T[]): T[] | undefined => {
    const q = req.query as Record<string, string>;
    const limit = Number(q['limit'] ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
      void reply.code(400).send({ errors: { limit: ['must be between 1 and 250'] } });
      return undefined;
    }
    let start = 0;
    if (q['page_info']) {
      if (Object.keys(q).some((k) => !['page_info', 'limit', 'fields'].includes(k))) {
        void reply.code(400).send({ errors: { page_info: ['page_info cannot be combined with other filters'] } });
        return undefined;
      }
      start = Number(Buffer.from(q['page_info'], 'base64url').toString('utf8').replace('after:', ''));
    } else if (q['since_id']) rows = rows.filter((r) => r.id > Number(q['since_id']));
    const slice = rows.slice(start, start + limit);
    if (start + limit < rows.length) {
      const token = Buffer.from(`after:${start + limit}`).toString('base64url');
      reply.header('link', `<${fake.url}${req.url.split('?')[0]}?limit=${limit}&page_info=${token}>; rel="next"`);
    }
    return slice;
  };
  const notFound = (reply: FastifyReply) => reply.code(404).send({ errors: 'Not Found' });
  const checkProduct = (p: Partial<ShopifyProduct>, creating: boolean) => {
    const errors: Record<string, string[]> = {};
    if (creating && !p.title) errors['title'] = ["can't be blank"];
    if (p.status !== undefined && !['active', 'draft', 'archived'].includes(p.status)) errors['status'] = ['is not included in the list'];
    return Object.keys(errors).length ? errors : undefined;
  };

  const fake = await startFakeService({
    readToken: (req) => (typeof req.headers['x-shopify-access-token'] === 'string' ? req.headers['x-shopify-access-token'] : undefined),
    unauthorized: (reply) => reply.code(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }),
    routes(app) {
      app.get(`${V}/shop.json`, async () => ({ shop: { id: 1, name: 'Example Shop', domain: 'shop.example.com', myshopify_domain: 'example.myshopify.com', email: 'owner@example.com' } }));
      app.get(`${V}/products.json`, async (req, reply) => {
        const q = req.query as Record<string, string>;
        const rows = pageOf(req, reply, state.products.filter((p) => (!q['status'] || p.status === q['status']) && (!q['title'] || p.title === q['title']) && (!q['vendor'] || p.vendor === q['vendor'])));
        return rows && { products: rows };
      });
      app.get(`${V}/products/:id.json`, async (req, reply) => {
        const p = state.products.find((x) => x.id === Number((req.params as { id: string }).id));
        return p ? { product: p } : notFound(reply);
      });
      app.post(`${V}/products.json`, async (req, reply) => {
        const p = ((req.body ?? {}) as { product?: Partial<ShopifyProduct> }).product;
        if (!p) return reply.code(400).send({ errors: { product: 'Required parameter missing or invalid' } });
        const errors = checkProduct(p, true);
        if (errors) return reply.code(422).send({ errors });
        const { title, ...rest } = p;
        return reply.code(201).send({ product: addProduct(title!, Object.fromEntries(Object.entries(rest).filter(([k]) => ['body_html', 'vendor', 'product_type', 'status'].includes(k)))) });
      });
      app.put(`${V}/products/:id.json`, async (req, reply) => {
        const p = state.products.find((x) => x.id === Number((req.params as { id: string }).id));
        if (!p) return notFound(reply);
        const patch = ((req.body ?? {}) as { product?: Partial<ShopifyProduct> }).product ?? {};
        const errors = checkProduct(patch, false);
        if (errors) return reply.code(422).send({ errors });
        Object.assign(p, Object.fromEntries(Object.entries(patch).filter(([k]) => ['title', 'body_html', 'vendor', 'product_type', 'status'].includes(k))), { updated_at: stamp() });
        return { product: p };
      });
      app.get(`${V}/orders.json`, async (req, reply) => {
        const rows = pageOf(req, reply, state.orders);
        return rows && { orders: rows };
      });
      app.get(`${V}/orders/:id.json`, async (req, reply) => {
        const o = state.orders.find((x) => x.id === Number((req.params as { id: string }).id));
        return o ? { order: o } : notFound(reply);
      });
    },
  });
  return Object.assign(fake, state, {
    addProduct: (title: string) => addProduct(title),
    addOrder,
    signedDelivery: (topic: string, body: string, secret: string) => ({
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': 'example.myshopify.com',
      'x-shopify-webhook-id': `wh-${Math.random().toString(36).slice(2)}`,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
    }),
  });
}
