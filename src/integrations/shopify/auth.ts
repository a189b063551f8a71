import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Shopify Admin REST errors (shopify.dev/docs/api/admin-rest#status_and_error_codes): `{ errors: "..." }` or `{ errors: { field: [...] } }`. */
const shopifyError = z.object({ errors: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))]) }).loose();

export const readShopifyFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the access token is not valid; reconnect Shopify with the app’s Admin API access token' };
  if (status === 404) return { code: 'integrations.http.not_found', message: 'the product or order does not exist (or the app cannot see it)' };
  const e = shopifyError.safeParse(body).data?.errors;
  if (e === undefined) return undefined;
  const text = typeof e === 'string' ? e : Object.entries(e).map(([field, m]) => `${field} ${Array.isArray(m) ? m.join(', ') : m}`).join('; ');
  return { message: `“${text.replace(/\.$/, '')}”` };
};

export const shopify = defineRestService({
  id: 'shopify',
  name: 'Shopify',
  auth: { apiKey: { header: 'X-Shopify-Access-Token' } },
  readFault: readShopifyFault,
  // A leaky bucket of 40 calls refilled at 2 per second per store (Shopify Plus: 20/s).
  limits: { concurrency: 2, ratePerSecond: 2, burst: 40 },
  async check(client, signal) {
    const shop = await client.call({ path: 'shop.json', ...(signal ? { signal } : {}) }, z.object({ shop: z.object({ name: z.string(), myshopify_domain: z.string().optional() }).loose() }).loose());
    return { accountLabel: shop.shop.myshopify_domain ?? shop.shop.name };
  },
});

export const shopifyProduct = z.object({ id: z.number(), title: z.string(), body_html: z.string().nullish(), vendor: z.string().nullish(), product_type: z.string().nullish(), status: z.string(), created_at: z.string(), updated_at: z.string().nullish() }).loose();
export const productOut = z.object({ id: z.number(), title: z.string(), bodyHtml: z.string().nullable(), vendor: z.string().nullable(), productType: z.string().nullable(), status: z.string(), createdAt: z.string(), updatedAt: z.string().nullable() });
export const toProduct = (p: z.output<typeof shopifyProduct>): z.input<typeof productOut> => ({ id: p.id, title: p.title, bodyHtml: p.body_html ?? null, vendor: p.vendor ?? null, productType: p.product_type || null, status: p.status, createdAt: p.created_at, updatedAt: p.updated_at ?? null });

export const shopifyOrder = z.object({ id: z.number(), name: z.string(), email: z.string().nullish(), total_price: z.string(), currency: z.string(), financial_status: z.string().nullish(), created_at: z.string() }).loose();
export const orderOut = z.object({ id: z.number(), name: z.string(), email: z.string().nullable(), totalPrice: z.string(), currency: z.string(), financialStatus: z.string().nullable(), createdAt: z.string() });
export const toOrder = (o: z.output<typeof shopifyOrder>): z.input<typeof orderOut> => ({ id: o.id, name: o.name, email: o.email ?? null, totalPrice: o.total_price, currency: o.currency, financialStatus: o.financial_status ?? null, createdAt: o.created_at });

export const productId = z.number().int().positive();
export const productStatus = z.enum(['active', 'draft', 'archived']);
export const productFields = {
  bodyHtml: z.string().max(65_000).optional().describe('Description (HTML)'),
  vendor: z.string().max(255).optional(),
  productType: z.string().max(255).optional(),
  status: productStatus.optional(),
};
export const productBody = (i: { title?: string | undefined; bodyHtml?: string | undefined; vendor?: string | undefined; productType?: string | undefined; status?: string | undefined }) => ({
  product: { title: i.title, body_html: i.bodyHtml, vendor: i.vendor, product_type: i.productType, status: i.status },
});
