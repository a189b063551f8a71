import { z } from 'zod';
import { calendly, collection, eventUuid } from '../auth.js';

const invitee = z.object({ uri: z.string(), email: z.string(), name: z.string().nullish(), status: z.string(), created_at: z.string() }).loose();

export const listInvitees = calendly.operation({
  id: 'calendly.list_invitees',
  title: 'List invitees',
  description: 'Lists who booked a Calendly meeting (name, email, status).',
  aiDescription: 'Use to get the people (name, email) who booked a Calendly meeting, by the meeting’s uuid.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ uuid: eventUuid, limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ invitees: z.array(z.object({ email: z.string(), name: z.string().nullable(), status: z.string(), createdAt: z.string() })) }),
  path: (i) => `scheduled_events/${encodeURIComponent(i.uuid)}/invitees`,
  query: () => ({ count: 100 }),
  response: collection(invitee),
  paginate: { style: 'cursor', param: 'page_token', items: (p) => p.collection, next: (p) => p.pagination.next_page_token },
  maxItems: (i) => i.limit,
  map: (items) => ({ invitees: items.map((v) => ({ email: v.email, name: v.name ?? null, status: v.status, createdAt: v.created_at })) }),
});
