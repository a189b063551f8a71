import { z } from 'zod';
import { googleProfile } from '../google/common.js';
import { registerServiceProfile } from '../profiles.js';
import { createEvent } from './actions/create-event.js';
import { listEvents } from './actions/list-events.js';
import { updateEvent } from './actions/update-event.js';
import { eventStartingSoon } from './triggers/event-starting-soon.js';

registerServiceProfile(
  googleProfile('google-calendar', async (client, signal) => {
    const c = await client.call({ path: 'calendars/primary', signal }, z.object({ id: z.string(), summary: z.string().optional() }).loose());
    return { accountLabel: c.id };
  }),
);

export const googleCalendarActions = [listEvents, createEvent, updateEvent];
export const googleCalendarTriggers = [eventStartingSoon];
export { listEvents, createEvent, updateEvent, eventStartingSoon };
