import { z } from 'zod';
import { freshdesk, freshdeskTicket, priority, status, ticketOut, toTicket } from '../auth.js';

export const createTicket = freshdesk.operation({
  id: 'freshdesk.create_ticket',
  title: 'Create a ticket',
  description: 'Opens a Freshdesk ticket for a requester.',
  aiDescription: 'Use to open a support ticket in Freshdesk on behalf of a requester (email; Freshdesk creates the contact if new): subject, description (HTML allowed), priority 1-4, status 2-5, tags.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ email: z.email(), subject: z.string().min(1).max(255), description: z.string().min(1).max(100_000), priority: priority.default(1), status: status.default(2), tags: z.array(z.string().min(1).max(32)).max(20).optional() }),
  output: ticketOut,
  method: 'POST',
  path: () => 'tickets',
  body: (i) => ({ email: i.email, subject: i.subject, description: i.description, priority: i.priority, status: i.status, tags: i.tags }),
  response: freshdeskTicket,
  map: toTicket,
});
