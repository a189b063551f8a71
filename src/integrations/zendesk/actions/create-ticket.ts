import { z } from 'zod';
import { priority, ticketOut, toTicket, zdTicket, zendesk } from '../service.js';

export const createTicket = zendesk.operation({
  id: 'zendesk.create_ticket',
  title: 'Create a ticket',
  description: 'Opens a Zendesk support ticket.',
  aiDescription: 'Use to open a support ticket in Zendesk: subject, the first comment (body), optional requester email and name (created as an end user if new), priority and tags.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ subject: z.string().min(1).max(255), body: z.string().min(1).max(65_000), requesterEmail: z.email().optional(), requesterName: z.string().max(255).optional(), priority: priority.optional(), tags: z.array(z.string().regex(/^\S+$/, { error: 'a tag has no spaces' })).default([]) }),
  output: ticketOut,
  method: 'POST',
  path: () => 'tickets',
  body: (i) => ({ ticket: { subject: i.subject, comment: { body: i.body }, priority: i.priority, tags: i.tags.length ? i.tags : undefined, ...(i.requesterEmail ? { requester: { email: i.requesterEmail, name: i.requesterName ?? i.requesterEmail } } : {}) } }),
  response: z.object({ ticket: zdTicket }).loose(),
  map: (r) => toTicket(r.ticket),
});
