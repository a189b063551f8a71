import { z } from 'zod';
import { orderOut, shopify, shopifyOrder, toOrder } from '../auth.js';

export const getOrder = shopify.operation({
  id: 'shopify.get_order',
  title: 'Get an order',
  description: 'Reads one order of the store by id.',
  aiDescription: 'Use to read a Shopify order (name such as #1001, customer email, total, currency, financial status) when you have its numeric id, for example from shopify.new_order.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ orderId: z.number().int().positive() }),
  output: orderOut,
  path: (i) => `orders/${i.orderId}.json`,
  response: z.object({ order: shopifyOrder }).loose(),
  map: (a) => toOrder(a.order),
});
