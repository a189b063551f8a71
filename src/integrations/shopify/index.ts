import { createProduct } from './actions/create-product.js';
import { getOrder } from './actions/get-order.js';
import { getProduct } from './actions/get-product.js';
import { listProducts } from './actions/list-products.js';
import { updateProduct } from './actions/update-product.js';
import { shopify } from './auth.js';
import { newOrder } from './triggers/new-order.js';
import { webhookEvent } from './triggers/webhook-event.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases } from './vocabulary.js';

export const shopifyActions = [listProducts, getProduct, createProduct, updateProduct, getOrder];
export const shopifyTriggers = [newOrder];
/** Verify and parse pushed deliveries (mode 'push': src/integrations/triggers/push-delivery.ts). */
export const shopifyWebhookTriggers = [webhookEvent];
export { shopify, listProducts, getProduct, createProduct, updateProduct, getOrder, newOrder, webhookEvent };

/** Shopify, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const shopifyIntegration = defineIntegration({ catalog, kit: shopify, actions: shopifyActions, triggers: [...shopifyTriggers, ...shopifyWebhookTriggers], vocabulary: { triggers: triggerPhrases } });
