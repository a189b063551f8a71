import { getForm } from './actions/get-form.js';
import { listForms } from './actions/list-forms.js';
import { listResponses } from './actions/list-responses.js';
import { typeform } from './auth.js';
import { newResponse } from './triggers/new-response.js';
import { webhookResponse } from './triggers/webhook-response.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases } from './vocabulary.js';

export const typeformActions = [listForms, getForm, listResponses];
export const typeformTriggers = [newResponse];
/** Verify and parse pushed deliveries (mode 'push': src/integrations/triggers/push-delivery.ts). */
export const typeformWebhookTriggers = [webhookResponse];
export { typeform, listForms, getForm, listResponses, newResponse, webhookResponse };

/** Typeform, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const typeformIntegration = defineIntegration({ catalog, kit: typeform, actions: typeformActions, triggers: [...typeformTriggers, ...typeformWebhookTriggers], vocabulary: { triggers: triggerPhrases } });
