import { getEmail } from './actions/get-email.js';
import { searchEmails } from './actions/search-emails.js';
import { sendEmail } from './actions/send-email.js';
import { gmailProfile } from './auth.js';
import { newEmail } from './triggers/new-email.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { googleOAuth } from '../google/oauth.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

const profile = gmailProfile;

export const gmailActions = [sendEmail, searchEmails, getEmail];
export const gmailTriggers = [newEmail];
export { sendEmail, searchEmails, getEmail, newEmail };

/** Gmail, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const gmailIntegration = defineIntegration({ catalog, oauth: googleOAuth, profile, actions: gmailActions, triggers: gmailTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
