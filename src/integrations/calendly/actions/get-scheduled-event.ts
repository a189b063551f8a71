import { z } from 'zod';
import { calendly, calendlyEvent, eventOut, eventUuid, toEvent } from '../auth.js';

export const getScheduledEvent = calendly.operation({
  id: 'calendly.get_scheduled_event',
  title: 'Get a booked meeting',
  description: 'Reads one booked Calendly meeting by its uuid.',
  aiDescription: 'Use to read a booked Calendly meeting (times, status, join link) from its uuid (the last part of its URI, as in the new-booking trigger’s event).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ uuid: eventUuid }),
  output: eventOut,
  path: (i) => `scheduled_events/${encodeURIComponent(i.uuid)}`,
  response: z.object({ resource: calendlyEvent }).loose(),
  map: (a) => toEvent(a.resource),
});
