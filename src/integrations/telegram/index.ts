import { getChat } from './actions/get-chat.js';
import { sendMessage } from './actions/send-message.js';
import { sendPhoto } from './actions/send-photo.js';
import { telegram } from './service.js';
import { newMessage } from './triggers/new-message.js';
import { defineIntegration } from '../kit/integration.js';
import { catalog } from './catalog.js';
import { triggerPhrases, actionPhrases } from './vocabulary.js';

export const telegramActions = [sendMessage, sendPhoto, getChat];
export const telegramTriggers = [newMessage];
export { telegram, sendMessage, sendPhoto, getChat, newMessage };

/** Telegram, whole: this folder (scripts/gen-integrations.mjs lists it in src/integrations/registry.generated.ts). */
export const telegramIntegration = defineIntegration({ catalog, kit: telegram, actions: telegramActions, triggers: telegramTriggers, vocabulary: { triggers: triggerPhrases, actions: actionPhrases } });
