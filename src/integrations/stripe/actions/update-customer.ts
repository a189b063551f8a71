import { z } from 'zod';
import { customerFields, customerForm, customerId, customerOut, stripe, stripeCustomer, toCustomer } from '../auth.js';

export const updateCustomer = stripe.operation({
  id: 'stripe.update_customer',
  title: 'Update a customer',
  description: 'Changes a Stripe customer’s email, name, description or metadata.',
  aiDescription: 'Use to change fields of an existing Stripe customer (cus_...). Only the fields given change; metadata keys are merged.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ customerId, ...customerFields }),
  output: customerOut,
  method: 'POST',
  path: (i) => `customers/${encodeURIComponent(i.customerId)}`,
  form: customerForm,
  response: stripeCustomer,
  map: toCustomer,
});
