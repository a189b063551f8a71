import { z } from 'zod';
import { defineIntegrationTrigger } from '../../pieces.js';
import { eventList, eventOut, toEventOut } from '../client.js';

export const eventStartingSoon = defineIntegrationTrigger({
  id: 'google_calendar.event_starting_soon',
  service: 'google-calendar',
  title: 'Event starting soon',
  description: 'Starts a set time before each event on a calendar begins.',
  aiDescription: 'Use for meeting prep: fires once per event when it is within minutesBefore of starting. All-day events are skipped.',
  kind: 'poll',
  config: z.object({ calendarId: z.string().default('primary'), minutesBefore: z.number().int().min(1).max(1440).default(15) }),
  event: eventOut,
  async poll({ client, signal }, config, cursor) {
    const now = Date.now();
    const page = await client.call(
      { path: `calendars/${encodeURIComponent(config.calendarId)}/events`, query: { singleEvents: true, orderBy: 'startTime', timeMin: new Date(now).toISOString(), timeMax: new Date(now + config.minutesBefore * 60_000).toISOString(), maxResults: 100 }, signal },
      eventList,
    );
    // Remember which (event, start) pairs fired, so a moved event fires again at its new time.
    const fired = new Set(Array.isArray(cursor?.['fired']) ? cursor['fired'] : []);
    const due = page.items.filter((e) => e.status !== 'cancelled' && e.start.dateTime && !fired.has(`${e.id}@${e.start.dateTime}`));
    const keys = due.map((e) => `${e.id}@${e.start.dateTime}`);
    return { events: due.map(toEventOut), cursor: { fired: [...keys, ...fired].slice(0, 500) } };
  },
});
