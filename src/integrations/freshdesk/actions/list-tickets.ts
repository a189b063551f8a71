import { z } from 'zod';
import { freshdesk, freshdeskTicket, ticketOut, toTicket } from '../auth.js';

export const listTickets = freshdesk.operation({
  id: 'freshdesk.list_tickets',
  title: 'List tickets',
  description: 'Lists Freshdesk tickets, newest first, optionally only those updated since a time.',
  aiDescription: 'Use to read recent Freshdesk tickets. Without `updatedSince` Freshdesk returns tickets created in the last 30 days. To filter by status, priority or tag use freshdesk.search_tickets.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ updatedSince: z.iso.datetime({ offset: true }).optional(), limit: z.number().int().min(1).max(3000).default(100) }),
  output: z.object({ tickets: z.array(ticketOut) }),
  path: () => 'tickets',
  query: (i) => ({ updated_since: i.updatedSince, order_by: 'created_at', order_type: 'desc', per_page: 100 }),
  response: z.array(freshdeskTicket),
  paginate: { style: 'link', items: (p) => p },
  maxItems: (i) => i.limit,
  map: (items) => ({ tickets: items.map(toTicket) }),
});
