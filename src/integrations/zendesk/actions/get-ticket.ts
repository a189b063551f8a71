import { z } from 'zod';
import { ticketOut, toTicket, zdTicket, zendesk } from '../service.js';

export const getTicket = zendesk.operation({
  id: 'zendesk.get_ticket',
  title: 'Get a ticket',
  description: 'Reads one Zendesk ticket by its number.',
  aiDescription: 'Use to read a Zendesk ticket (subject, first message, status, priority, tags) by its number.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ticketId: z.number().int().positive() }),
  output: ticketOut,
  path: (i) => `tickets/${i.ticketId}`,
  response: z.object({ ticket: zdTicket }).loose(),
  map: (r) => toTicket(r.ticket),
});
