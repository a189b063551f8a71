import { listChannels } from './actions/list-channels.js';
import { lookupUser } from './actions/lookup-user.js';
import { postMessage } from './actions/post-message.js';
import { slackProfile } from './auth.js';
import { newMessage } from './triggers/new-message.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { slackOAuth } from './oauth.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

const profile = slackProfile;

export const slackActions = [postMessage, listChannels, lookupUser];
export const slackTriggers = [newMessage];
export { postMessage, listChannels, lookupUser, newMessage };

/** Slack, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const slackIntegration = defineIntegration({ catalog, oauth: slackOAuth, profile, actions: slackActions, triggers: slackTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
