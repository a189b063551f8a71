import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { newSince } from '../../kit/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';
import { calendlyEvent, collection, currentUser, eventOut, toEvent } from '../auth.js';

/**
 * Calendly lists booked meetings only per user and by start time, so a poll reads the user's upcoming meetings
 * (and those that started in the last day) and keeps the ones created after the cursor.
 */
export const newBooking = defineIntegrationTrigger({
  id: 'calendly.new_booking',
  service: 'calendly',
  title: 'New booking',
  description: 'Starts when someone books a meeting with the connected Calendly user.',
  aiDescription: 'Use to react to new Calendly bookings (add the invitee to a CRM, post to a channel). The event is the booked meeting (uuid, times, join link); get who booked with calendly.list_invitees. Polls upcoming meetings; the first poll only remembers the newest booking.',
  kind: 'poll',
  config: z.object({}),
  event: eventOut,
  eventKey: (e) => e.uri,
  async poll({ client, signal }, _config, cursor) {
    const user = await currentUser(client, signal);
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const items = await collect(paginate(client, { first: { path: 'scheduled_events', query: { user: user.uri, status: 'active', min_start_time: since, sort: 'start_time:asc', count: 100 }, signal }, schema: collection(calendlyEvent), items: (p) => p.collection, next: cursorInQuery('page_token', (p) => p.pagination.next_page_token), maxPages: 20 }));
    const { fresh, cursor: next } = newSince({ style: 'timestamp', at: (e: z.output<typeof calendlyEvent>) => new Date(e.created_at).toISOString(), id: (e) => e.uri }, items, cursor);
    // With nothing booked yet, start from now, so the very first booking is not taken for the baseline.
    const start = cursor === undefined && next['after'] === undefined ? { after: new Date().toISOString(), ids: [] } : next;
    return { events: fresh.map(toEvent), cursor: start };
  },
});
