import { z } from 'zod';
import { productOut, productStatus, shopify, shopifyProduct, toProduct } from '../auth.js';

export const listProducts = shopify.operation({
  id: 'shopify.list_products',
  title: 'List products',
  description: 'Lists the store’s products, optionally only active, draft or archived ones, or one vendor’s.',
  aiDescription: 'Use to read products of the Shopify store (status, vendor or exact title filters). Returns at most `limit`. Use shopify.get_product when you have the id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ status: productStatus.optional(), vendor: z.string().max(255).optional(), title: z.string().max(255).optional(), limit: z.number().int().min(1).max(5000).default(250) }),
  output: z.object({ products: z.array(productOut) }),
  path: () => 'products.json',
  query: (i) => ({ status: i.status, vendor: i.vendor, title: i.title, limit: 250 }),
  response: z.object({ products: z.array(shopifyProduct) }).loose(),
  paginate: { style: 'link', items: (p) => p.products },
  maxItems: (i) => i.limit,
  map: (items) => ({ products: items.map(toProduct) }),
});
