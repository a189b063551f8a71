import { bearerKey, entry } from '../catalog/data/build.js';

/** Stripe in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('finance', 'stripe', 'Stripe', 'Payments, customers, invoices and subscriptions.', 'https://stripe.com', 'https://docs.stripe.com/api', 'https://api.stripe.com/v1', bearerKey('Developers > API keys (a restricted key is best).'));
