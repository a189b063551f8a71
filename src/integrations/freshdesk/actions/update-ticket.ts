import { z } from 'zod';
import { freshdesk, freshdeskTicket, priority, status, ticketId, ticketOut, toTicket } from '../auth.js';

export const updateTicket = freshdesk.operation({
  id: 'freshdesk.update_ticket',
  title: 'Update a ticket',
  description: 'Changes a Freshdesk ticket’s status, priority, subject or tags.',
  aiDescription: 'Use to change a Freshdesk ticket: resolve or close it (status 4/5), raise its priority, rename it, replace its tags. Only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ ticketId, status: status.optional(), priority: priority.optional(), subject: z.string().min(1).max(255).optional(), tags: z.array(z.string().min(1).max(32)).max(20).optional() }),
  output: ticketOut,
  method: 'PUT',
  path: (i) => `tickets/${i.ticketId}`,
  body: (i) => ({ status: i.status, priority: i.priority, subject: i.subject, tags: i.tags }),
  response: freshdeskTicket,
  map: toTicket,
});
