import { getMessage, listMessages, sendSms } from './actions.js';
import { twilio } from './service.js';
import { newIncomingSms } from './triggers.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const twilioActions = [sendSms, listMessages, getMessage];
export const twilioTriggers = [newIncomingSms];
export { twilio, sendSms, listMessages, getMessage, newIncomingSms };

/** Twilio, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const twilioIntegration = defineIntegration({ catalog, kit: twilio, actions: twilioActions, triggers: twilioTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
