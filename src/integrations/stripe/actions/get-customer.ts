import { z } from 'zod';
import { customerId, customerOut, stripe, stripeCustomer, toCustomer } from '../auth.js';

export const getCustomer = stripe.operation({
  id: 'stripe.get_customer',
  title: 'Get a customer',
  description: 'Reads one Stripe customer by id.',
  aiDescription: 'Use to read a Stripe customer when you have its id (cus_...). Use stripe.list_customers to find one by email.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ customerId }),
  output: customerOut,
  path: (i) => `customers/${encodeURIComponent(i.customerId)}`,
  response: stripeCustomer,
  map: toCustomer,
});
