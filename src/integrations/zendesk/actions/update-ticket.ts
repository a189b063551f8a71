import { z } from 'zod';
import { priority, status, ticketOut, toTicket, zdTicket, zendesk } from '../service.js';

export const updateTicket = zendesk.operation({
  id: 'zendesk.update_ticket',
  title: 'Update a ticket',
  description: 'Changes the status, priority or tags of a Zendesk ticket, or replies on it.',
  aiDescription: 'Use to change a Zendesk ticket: status (open, pending, solved...), priority, tags (replace), or add a comment (public reply, or an internal note with public false).',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({ ticketId: z.number().int().positive(), status: status.optional(), priority: priority.optional(), tags: z.array(z.string().regex(/^\S+$/, { error: 'a tag has no spaces' })).optional(), comment: z.string().min(1).max(65_000).optional(), public: z.boolean().default(true) })
    .refine((v) => v.status !== undefined || v.priority !== undefined || v.tags !== undefined || v.comment !== undefined, { message: 'give status, priority, tags or comment', path: ['status'] }),
  output: ticketOut,
  method: 'PUT',
  async run({ client, signal }, input) {
    const ticket = { status: input.status, priority: input.priority, tags: input.tags, ...(input.comment ? { comment: { body: input.comment, public: input.public } } : {}) };
    // A plain overwrite is safe to repeat after a failure; a reply must not be posted twice.
    return toTicket((await client.call({ method: 'PUT', path: `tickets/${input.ticketId}`, json: { ticket }, idempotent: !input.comment, signal }, z.object({ ticket: zdTicket }).loose())).ticket);
  },
});
