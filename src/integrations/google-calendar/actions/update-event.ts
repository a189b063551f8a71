import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { calendarEvent, eventOut, toEventOut } from '../client.js';

const changes = ['summary', 'description', 'location', 'start', 'end', 'attendees'] as const;

export const updateEvent = defineIntegrationAction({
  id: 'google_calendar.update_event',
  service: 'google-calendar',
  title: 'Update an event',
  description: 'Changes an existing Google Calendar event: title, description, place, times or guests.',
  aiDescription:
    'Use to move, rename or re-invite an existing Google Calendar event (find its id with google_calendar.list_events). Only the fields given change; `attendees` replaces the whole guest list. Times are ISO-8601 with offset. Guests get update emails only when notify is true.',
  // A PATCH sets fields to given values, so repeating it leaves the same event.
  idempotent: true,
  sideEffect: true,
  input: z
    .object({
      calendarId: z.string().trim().min(1).default('primary'),
      eventId: z.string().trim().min(1).max(1024),
      summary: z.string().min(1).max(1024).optional(),
      description: z.string().max(8192).optional(),
      location: z.string().max(1024).optional(),
      start: z.iso.datetime({ offset: true }).optional(),
      end: z.iso.datetime({ offset: true }).optional(),
      timeZone: z.string().optional(),
      attendees: z.array(z.email()).optional(),
      notify: z.boolean().default(false),
    })
    .refine((v) => changes.some((k) => v[k] !== undefined), { message: `give at least one of ${changes.join(', ')} to change`, path: ['summary'] })
    .refine((v) => !v.start || !v.end || Date.parse(v.end) > Date.parse(v.start), { message: 'end must be after start', path: ['end'] }),
  output: eventOut,
  async run({ client, signal }, input) {
    const at = (dateTime: string | undefined) => (dateTime ? { dateTime, ...(input.timeZone ? { timeZone: input.timeZone } : {}) } : undefined);
    const patch = { summary: input.summary, description: input.description, location: input.location, start: at(input.start), end: at(input.end), attendees: input.attendees?.map((email) => ({ email })) };
    const updated = await client.call(
      {
        method: 'PATCH',
        path: `calendars/${encodeURIComponent(input.calendarId)}/events/${encodeURIComponent(input.eventId)}`,
        query: { sendUpdates: input.notify ? 'all' : 'none' },
        // Only given fields travel: an absent key leaves the event's value as it is.
        json: Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        idempotent: true,
        signal,
      },
      calendarEvent,
    );
    return toEventOut(updated);
  },
});
