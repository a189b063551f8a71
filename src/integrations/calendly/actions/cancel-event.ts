import { z } from 'zod';
import { calendly, eventUuid } from '../auth.js';

export const cancelEvent = calendly.operation({
  id: 'calendly.cancel_event',
  title: 'Cancel a booked meeting',
  description: 'Cancels a booked Calendly meeting; Calendly tells the invitees, with the reason.',
  aiDescription: 'Use to cancel a booked Calendly meeting (by uuid) with a reason the invitees will see. Calendly refuses to cancel a meeting already canceled or in the past.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ uuid: eventUuid, reason: z.string().max(10_000).optional() }),
  output: z.object({ canceled: z.literal(true), reason: z.string().nullable() }),
  method: 'POST',
  path: (i) => `scheduled_events/${encodeURIComponent(i.uuid)}/cancellation`,
  body: (i) => ({ reason: i.reason }),
  response: z.object({ resource: z.object({ reason: z.string().nullish() }).loose() }).loose(),
  map: (a) => ({ canceled: true as const, reason: a.resource.reason ?? null }),
});
