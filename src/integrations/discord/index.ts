import { editMessage } from './actions/edit-message.js';
import { listChannels } from './actions/list-channels.js';
import { listMessages } from './actions/list-messages.js';
import { listServers } from './actions/list-servers.js';
import { sendMessage } from './actions/send-message.js';
import { discord } from './service.js';
import { newMessage } from './triggers/new-message.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const discordActions = [sendMessage, editMessage, listMessages, listChannels, listServers];
export const discordTriggers = [newMessage];
export { discord, sendMessage, editMessage, listMessages, listChannels, listServers, newMessage };

/** Discord, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const discordIntegration = defineIntegration({ catalog, kit: discord, actions: discordActions, triggers: discordTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
