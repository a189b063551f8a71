import { createTicket } from './actions/create-ticket.js';
import { getTicket } from './actions/get-ticket.js';
import { searchTickets } from './actions/search-tickets.js';
import { updateTicket } from './actions/update-ticket.js';
import { zendesk } from './service.js';
import { newTicket } from './triggers/new-ticket.js';

export const zendeskActions = [createTicket, getTicket, updateTicket, searchTickets];
export const zendeskTriggers = [newTicket];
export { zendesk, createTicket, getTicket, updateTicket, searchTickets, newTicket };
