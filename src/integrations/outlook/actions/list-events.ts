import { z } from 'zod';
import { collect, odataNextLink, paginate } from '../../http/index.js';
import { graphPage } from '../../microsoft/common.js';
import { defineIntegrationAction } from '../../pieces.js';

const graphEvent = z
  .object({ id: z.string(), subject: z.string().nullish(), start: z.object({ dateTime: z.string(), timeZone: z.string() }), end: z.object({ dateTime: z.string(), timeZone: z.string() }), isAllDay: z.boolean().optional(), location: z.object({ displayName: z.string().nullish() }).loose().optional(), webLink: z.string().optional(), attendees: z.array(z.object({ emailAddress: z.object({ address: z.string() }).loose() }).loose()).optional() })
  .loose();

export const listEvents = defineIntegrationAction({
  id: 'outlook.list_events',
  service: 'outlook',
  title: 'List calendar events',
  description: 'Lists events of the Outlook calendar in a time range (recurrences expanded).',
  aiDescription: 'Use to see what is on a Microsoft 365 / Outlook calendar between two times (defaults: now to 7 days). Times come back in UTC.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ start: z.iso.datetime({ offset: true }).optional(), end: z.iso.datetime({ offset: true }).optional(), maxResults: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ events: z.array(z.object({ id: z.string(), subject: z.string(), start: z.string(), end: z.string(), allDay: z.boolean(), location: z.string().nullable(), link: z.string().nullable(), attendees: z.array(z.string()) })) }),
  async run({ client, signal }, input) {
    const start = input.start ?? new Date().toISOString();
    const end = input.end ?? new Date(Date.parse(start) + 7 * 86_400_000).toISOString();
    const events = await collect(
      paginate(client, {
        first: { path: 'me/calendarView', query: { startDateTime: start, endDateTime: end, $orderby: 'start/dateTime', $top: 50 }, headers: { Prefer: 'outlook.timezone="UTC"' }, signal },
        schema: graphPage(graphEvent),
        items: (p) => p.value,
        next: odataNextLink(),
        maxItems: input.maxResults,
      }),
    );
    return {
      events: events.map((e) => ({ id: e.id, subject: e.subject ?? '', start: `${e.start.dateTime.replace(/Z?$/, '')}Z`, end: `${e.end.dateTime.replace(/Z?$/, '')}Z`, allDay: e.isAllDay ?? false, location: e.location?.displayName ?? null, link: e.webLink ?? null, attendees: (e.attendees ?? []).map((a) => a.emailAddress.address) })),
    };
  },
});
