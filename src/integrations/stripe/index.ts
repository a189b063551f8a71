import { createCustomer } from './actions/create-customer.js';
import { getCustomer } from './actions/get-customer.js';
import { listCustomers } from './actions/list-customers.js';
import { updateCustomer } from './actions/update-customer.js';
import { stripe } from './auth.js';
import { newEvent, newPayment, paymentFailed } from './triggers/new-event.js';
import { webhookEvent } from './triggers/webhook-event.js';

export const stripeActions = [listCustomers, getCustomer, createCustomer, updateCustomer];
export const stripeTriggers = [newPayment, paymentFailed, newEvent];
/** Verifies and parses pushed deliveries; not registered until a route delivers pushes to integration triggers. */
export const stripeWebhookTriggers = [webhookEvent];
export { stripe, listCustomers, getCustomer, createCustomer, updateCustomer, newPayment, paymentFailed, newEvent, webhookEvent };
