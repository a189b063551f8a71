import { z } from 'zod';
import { ticketOut, toTicket, zdTicket, zendesk } from '../service.js';

export const newTicket = zendesk.pollTrigger({
  id: 'zendesk.new_ticket',
  title: 'New ticket',
  description: 'Starts when a Zendesk ticket is created.',
  aiDescription: 'Use to react to new support tickets. Polls the 100 newest tickets (highest numbers); the first poll only remembers the newest.',
  config: z.object({}),
  event: ticketOut,
  list: { path: () => 'tickets', query: () => ({ 'page[size]': 100, sort: '-id' }) },
  response: z.object({ tickets: z.array(zdTicket) }).loose(),
  items: (r) => r.tickets,
  cursor: { style: 'increasing', key: (t) => t.id },
  toEvent: (t) => toTicket(t),
});
