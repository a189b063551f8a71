import { z } from 'zod';
import { customerOut, stripe, stripeCustomer, stripeList, toCustomer } from '../auth.js';

export const listCustomers = stripe.operation({
  id: 'stripe.list_customers',
  title: 'List customers',
  description: 'Lists Stripe customers, newest first, optionally only those with an email address.',
  aiDescription: 'Use to find Stripe customers, for example by exact email (the usual lookup before creating one). Returns at most `limit` customers, newest first. Use stripe.get_customer when you have the id.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ email: z.string().max(512).optional().describe('Only customers with exactly this email (case-sensitive in Stripe)'), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ customers: z.array(customerOut) }),
  path: () => 'customers',
  query: (i) => ({ email: i.email, limit: Math.min(i.limit, 100) }),
  response: stripeList(stripeCustomer),
  paginate: { style: 'cursor', param: 'starting_after', items: (p) => p.data, next: (p) => (p.has_more ? p.data.at(-1)?.id : undefined) },
  maxItems: (i) => i.limit,
  map: (items) => ({ customers: items.map(toCustomer) }),
});
