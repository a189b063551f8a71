import { createTicket } from './actions/create-ticket.js';
import { getTicket } from './actions/get-ticket.js';
import { searchTickets } from './actions/search-tickets.js';
import { updateTicket } from './actions/update-ticket.js';
import { zendesk } from './service.js';
import { newTicket } from './triggers/new-ticket.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const zendeskActions = [createTicket, getTicket, updateTicket, searchTickets];
export const zendeskTriggers = [newTicket];
export { zendesk, createTicket, getTicket, updateTicket, searchTickets, newTicket };

/** Zendesk, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const zendeskIntegration = defineIntegration({ catalog, kit: zendesk, actions: zendeskActions, triggers: zendeskTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
