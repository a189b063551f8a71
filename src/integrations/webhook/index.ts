import { incomingWebhook } from './triggers/incoming-webhook.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

export const webhookTriggers = [incomingWebhook];
export { incomingWebhook };

/** Incoming webhook, whole: listed once in src/integrations/registry.ts. */
export const webhookIntegration = defineIntegration({ catalog, triggers: webhookTriggers });
