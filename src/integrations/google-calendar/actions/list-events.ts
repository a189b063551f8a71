import { z } from 'zod';
import { collect, pageToken, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { eventList, eventOut, toEventOut } from '../client.js';

export const listEvents = defineIntegrationAction({
  id: 'google_calendar.list_events',
  service: 'google-calendar',
  title: 'List events',
  description: 'Lists events of a Google calendar in a time range.',
  aiDescription: 'Use to see what is on a Google calendar between two times (recurring events expanded, ordered by start). Defaults to the primary calendar and the next 7 days.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ calendarId: z.string().default('primary'), timeMin: z.iso.datetime({ offset: true }).optional(), timeMax: z.iso.datetime({ offset: true }).optional(), query: z.string().optional(), maxResults: z.number().int().min(1).max(2500).default(250) }),
  output: z.object({ events: z.array(eventOut) }),
  async run({ client, signal }, input) {
    const timeMin = input.timeMin ?? new Date().toISOString();
    const timeMax = input.timeMax ?? new Date(Date.parse(timeMin) + 7 * 86_400_000).toISOString();
    const items = await collect(
      paginate(client, {
        first: { path: `calendars/${encodeURIComponent(input.calendarId)}/events`, query: { singleEvents: true, orderBy: 'startTime', timeMin, timeMax, q: input.query, maxResults: 250 }, signal },
        schema: eventList,
        items: (p) => p.items,
        next: pageToken(),
        maxItems: input.maxResults,
      }),
    );
    return { events: items.filter((e) => e.status !== 'cancelled').map(toEventOut) };
  },
});
