import { createTicket } from './actions/create-ticket.js';
import { getTicket } from './actions/get-ticket.js';
import { listTickets } from './actions/list-tickets.js';
import { searchTickets } from './actions/search-tickets.js';
import { updateTicket } from './actions/update-ticket.js';
import { freshdesk } from './auth.js';
import { newTicket } from './triggers/new-ticket.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const freshdeskActions = [listTickets, searchTickets, getTicket, createTicket, updateTicket];
export const freshdeskTriggers = [newTicket];
export { freshdesk, listTickets, searchTickets, getTicket, createTicket, updateTicket, newTicket };

/** Freshdesk, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const freshdeskIntegration = defineIntegration({ catalog, kit: freshdesk, actions: freshdeskActions, triggers: freshdeskTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
