import { createCustomer } from './actions/create-customer.js';
import { getCustomer } from './actions/get-customer.js';
import { listCustomers } from './actions/list-customers.js';
import { updateCustomer } from './actions/update-customer.js';
import { stripe } from './auth.js';
import { newEvent, newPayment, paymentFailed } from './triggers/new-event.js';
import { webhookEvent } from './triggers/webhook-event.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const stripeActions = [listCustomers, getCustomer, createCustomer, updateCustomer];
export const stripeTriggers = [newPayment, paymentFailed, newEvent];
/** Verify and parse pushed deliveries (mode 'push': src/integrations/triggers/push-delivery.ts). */
export const stripeWebhookTriggers = [webhookEvent];
export { stripe, listCustomers, getCustomer, createCustomer, updateCustomer, newPayment, paymentFailed, newEvent, webhookEvent };

/** Stripe, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const stripeIntegration = defineIntegration({ catalog, kit: stripe, actions: stripeActions, triggers: [...stripeTriggers, ...stripeWebhookTriggers], vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
