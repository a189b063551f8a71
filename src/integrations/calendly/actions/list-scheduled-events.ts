import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { calendly, calendlyEvent, collection, currentUser, eventOut, toEvent } from '../auth.js';

export const listScheduledEvents = calendly.operation({
  id: 'calendly.list_scheduled_events',
  title: 'List booked meetings',
  description: 'Lists the connected user’s booked meetings, optionally from a time on, by status or by invitee email.',
  aiDescription: 'Use to read booked Calendly meetings of the connected user: `minStartTime` (ISO; e.g. now for upcoming ones), `status` active/canceled, `inviteeEmail` to find someone’s bookings. Ordered by start time.',
  idempotent: true,
  sideEffect: false,
  method: 'GET',
  paginated: true,
  input: z.object({ minStartTime: z.iso.datetime({ offset: true }).optional(), status: z.enum(['active', 'canceled']).optional(), inviteeEmail: z.email().optional(), limit: z.number().int().min(1).max(2000).default(100) }),
  output: z.object({ events: z.array(eventOut) }),
  async run({ client, signal }, i) {
    const user = await currentUser(client, signal);
    const query = { user: user.uri, min_start_time: i.minStartTime, status: i.status, invitee_email: i.inviteeEmail, sort: 'start_time:asc', count: 100 };
    const items = await collect(paginate(client, { first: { path: 'scheduled_events', query, signal }, schema: collection(calendlyEvent), items: (p) => p.collection, next: cursorInQuery('page_token', (p) => p.pagination.next_page_token), maxItems: i.limit }));
    return { events: items.map(toEvent) };
  },
});
