import { z } from 'zod';

const when = z.object({ dateTime: z.string().optional(), date: z.string().optional(), timeZone: z.string().optional() });
export const calendarEvent = z
  .object({
    id: z.string(),
    status: z.string().optional(),
    summary: z.string().default(''),
    description: z.string().optional(),
    location: z.string().optional(),
    htmlLink: z.string().optional(),
    start: when,
    end: when,
    attendees: z.array(z.object({ email: z.string(), responseStatus: z.string().optional() }).loose()).optional(),
  })
  .loose();
export const eventList = z.object({ items: z.array(calendarEvent).default([]), nextPageToken: z.string().optional() });

export const eventOut = z.object({ id: z.string(), summary: z.string(), start: z.string(), end: z.string(), allDay: z.boolean(), location: z.string().nullable(), link: z.string().nullable(), attendees: z.array(z.string()) });

export const toEventOut = (e: z.infer<typeof calendarEvent>): z.infer<typeof eventOut> => ({
  id: e.id,
  summary: e.summary,
  start: e.start.dateTime ?? e.start.date ?? '',
  end: e.end.dateTime ?? e.end.date ?? '',
  allDay: !e.start.dateTime,
  location: e.location ?? null,
  link: e.htmlLink ?? null,
  attendees: (e.attendees ?? []).map((a) => a.email),
});
