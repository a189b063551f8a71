import { z } from 'zod';
import { orderOut, shopify, shopifyOrder, toOrder } from '../auth.js';

export const newOrder = shopify.pollTrigger({
  id: 'shopify.new_order',
  title: 'New order',
  description: 'Starts when an order is placed in the Shopify store.',
  aiDescription: 'Use to react to new Shopify orders (any status). Polls orders by id with since_id; the first poll only remembers the newest order. The event has the order’s id, name (#1001), email, total and financial status; use shopify.get_order for more.',
  config: z.object({}),
  event: orderOut,
  list: {
    path: () => 'orders.json',
    query: ({ cursor }) => ({ status: 'any', limit: 250, since_id: typeof cursor?.['last'] === 'number' ? cursor['last'] : undefined }),
  },
  response: z.object({ orders: z.array(shopifyOrder) }).loose(),
  items: (p) => p.orders,
  paginate: { style: 'link', maxPages: 40 },
  cursor: { style: 'increasing', key: (o) => o.id },
  toEvent: toOrder,
});
