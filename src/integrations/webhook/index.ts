import { incomingWebhook } from './triggers/incoming-webhook.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

export const webhookTriggers = [incomingWebhook];
export { incomingWebhook };

/** Incoming webhook, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const webhookIntegration = defineIntegration({ catalog, triggers: webhookTriggers });
