import { z } from 'zod';
import { customerFields, customerForm, customerOut, stripe, stripeCustomer, toCustomer } from '../auth.js';

export const createCustomer = stripe.operation({
  id: 'stripe.create_customer',
  title: 'Create a customer',
  description: 'Creates a Stripe customer with an email, name, description and metadata.',
  aiDescription: 'Use to add a customer to Stripe. Check first with stripe.list_customers (by email) when duplicates matter: Stripe allows several customers with one email. A retried step does not create a second customer (Idempotency-Key).',
  // The step's Idempotency-Key makes Stripe answer a retry with the first customer.
  idempotent: true,
  sideEffect: true,
  input: z.object(customerFields),
  output: customerOut,
  method: 'POST',
  path: () => 'customers',
  form: customerForm,
  response: stripeCustomer,
  map: toCustomer,
});
