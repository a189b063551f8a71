import { createMeeting } from './actions/create-meeting.js';
import { getMeeting } from './actions/get-meeting.js';
import { listMeetings } from './actions/list-meetings.js';
import { updateMeeting } from './actions/update-meeting.js';
import { zoom } from './auth.js';
import { newMeeting } from './triggers/new-meeting.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { zoomOAuth } from './oauth.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const zoomActions = [listMeetings, getMeeting, createMeeting, updateMeeting];
export const zoomTriggers = [newMeeting];
export { zoom, listMeetings, getMeeting, createMeeting, updateMeeting, newMeeting };

/** Zoom, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const zoomIntegration = defineIntegration({ catalog, oauth: zoomOAuth, kit: zoom, actions: zoomActions, triggers: zoomTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
