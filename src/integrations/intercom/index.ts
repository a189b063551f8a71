import { createContact, createConversation, getContact, intercom, newConversation, replyConversation, searchContacts, updateContact } from './service.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';

export const intercomActions = [createContact, getContact, updateContact, searchContacts, createConversation, replyConversation];
export const intercomTriggers = [newConversation];
export { intercom, createContact, getContact, updateContact, searchContacts, createConversation, replyConversation, newConversation };

/** Intercom, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const intercomIntegration = defineIntegration({ catalog, kit: intercom, actions: intercomActions, triggers: intercomTriggers });
