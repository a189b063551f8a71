import { z } from 'zod';
import { googleProfile } from '../google/common.js';
import { createEvent } from './actions/create-event.js';
import { listEvents } from './actions/list-events.js';
import { updateEvent } from './actions/update-event.js';
import { eventStartingSoon } from './triggers/event-starting-soon.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { googleOAuth } from '../google/oauth.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

const profile = googleProfile('google-calendar', async (client, signal) => {
  const c = await client.call({ path: 'calendars/primary', signal }, z.object({ id: z.string(), summary: z.string().optional() }).loose());
  return { accountLabel: c.id };
});

export const googleCalendarActions = [listEvents, createEvent, updateEvent];
export const googleCalendarTriggers = [eventStartingSoon];
export { listEvents, createEvent, updateEvent, eventStartingSoon };

/** Google Calendar, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const googleCalendarIntegration = defineIntegration({ catalog, oauth: googleOAuth, profile, actions: googleCalendarActions, triggers: googleCalendarTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
