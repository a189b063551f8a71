import { createContact } from './actions/create-contact.js';
import { createDeal } from './actions/create-deal.js';
import { getContact } from './actions/get-contact.js';
import { searchContacts } from './actions/search-contacts.js';
import { updateContact } from './actions/update-contact.js';
import { hubspot } from './auth.js';
import { newContact } from './triggers/new-contact.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const hubspotActions = [createContact, getContact, updateContact, searchContacts, createDeal];
export const hubspotTriggers = [newContact];
export { hubspot, createContact, getContact, updateContact, searchContacts, createDeal, newContact };

/** HubSpot, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const hubspotIntegration = defineIntegration({ catalog, kit: hubspot, actions: hubspotActions, triggers: hubspotTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
