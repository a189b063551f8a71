import { z } from 'zod';
import { freshdesk, freshdeskTicket, ticketOut, toTicket } from '../auth.js';

export const newTicket = freshdesk.pollTrigger({
  id: 'freshdesk.new_ticket',
  title: 'New ticket',
  description: 'Starts when a ticket is created in Freshdesk.',
  aiDescription: 'Use to react to new Freshdesk tickets (triage, alerts, copying them elsewhere). Polls tickets updated since the last poll and keeps those created since; the first poll only remembers the newest ticket.',
  config: z.object({}),
  event: ticketOut,
  list: {
    path: () => 'tickets',
    query: ({ cursor }) =>
      typeof cursor?.['after'] === 'string'
        ? { updated_since: cursor['after'], order_by: 'created_at', order_type: 'asc', per_page: 100 }
        : { order_by: 'created_at', order_type: 'desc', per_page: 100 },
  },
  response: z.array(freshdeskTicket),
  items: (p) => p,
  paginate: { style: 'link', maxPages: 10 },
  cursor: { style: 'timestamp', at: (t) => new Date(t.created_at).toISOString(), id: (t) => String(t.id) },
  toEvent: toTicket,
});
