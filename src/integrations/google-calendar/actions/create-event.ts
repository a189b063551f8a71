import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { calendarEvent, eventOut, toEventOut } from '../client.js';

export const createEvent = defineIntegrationAction({
  id: 'google_calendar.create_event',
  service: 'google-calendar',
  title: 'Create an event',
  description: 'Creates an event on a Google calendar, optionally inviting people.',
  aiDescription: 'Use to put a meeting or reminder on a Google calendar. Times are ISO-8601 with offset; pass attendees to invite them (they get emails when notify is true).',
  idempotent: false,
  sideEffect: true,
  input: z
    .object({
      calendarId: z.string().default('primary'),
      summary: z.string().min(1).max(1024),
      description: z.string().optional(),
      location: z.string().optional(),
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      timeZone: z.string().optional(),
      attendees: z.array(z.email()).default([]),
      notify: z.boolean().default(false),
    })
    .refine((v) => Date.parse(v.end) > Date.parse(v.start), { message: 'end must be after start', path: ['end'] }),
  output: eventOut,
  async run({ client, signal }, input) {
    const created = await client.call(
      {
        method: 'POST',
        path: `calendars/${encodeURIComponent(input.calendarId)}/events`,
        query: { sendUpdates: input.notify ? 'all' : 'none' },
        json: {
          summary: input.summary,
          description: input.description,
          location: input.location,
          start: { dateTime: input.start, ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
          end: { dateTime: input.end, ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
          attendees: input.attendees.map((email) => ({ email })),
        },
        signal,
      },
      calendarEvent,
    );
    return toEventOut(created);
  },
});
