import { z } from 'zod';
import { freshdesk, freshdeskTicket, ticketId, ticketOut, toTicket } from '../auth.js';

export const getTicket = freshdesk.operation({
  id: 'freshdesk.get_ticket',
  title: 'Get a ticket',
  description: 'Reads one Freshdesk ticket by number.',
  aiDescription: 'Use to read a Freshdesk ticket (subject, description as text, status, priority, requester email, tags) when you have its number.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ticketId }),
  output: ticketOut,
  path: (i) => `tickets/${i.ticketId}`,
  response: freshdeskTicket,
  map: toTicket,
});
