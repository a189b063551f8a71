import { cancelEvent } from './actions/cancel-event.js';
import { getScheduledEvent } from './actions/get-scheduled-event.js';
import { listEventTypes } from './actions/list-event-types.js';
import { listInvitees } from './actions/list-invitees.js';
import { listScheduledEvents } from './actions/list-scheduled-events.js';
import { calendly } from './auth.js';
import { newBooking } from './triggers/new-booking.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases } from './vocabulary.js';

export const calendlyActions = [listEventTypes, listScheduledEvents, getScheduledEvent, listInvitees, cancelEvent];
export const calendlyTriggers = [newBooking];
export { calendly, listEventTypes, listScheduledEvents, getScheduledEvent, listInvitees, cancelEvent, newBooking };

/** Calendly, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const calendlyIntegration = defineIntegration({ catalog, kit: calendly, actions: calendlyActions, triggers: calendlyTriggers, vocabulary: { triggers: triggerPhrases } });
