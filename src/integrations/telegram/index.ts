import { getChat } from './actions/get-chat.js';
import { sendMessage } from './actions/send-message.js';
import { sendPhoto } from './actions/send-photo.js';
import { telegram } from './service.js';
import { newMessage } from './triggers/new-message.js';

export const telegramActions = [sendMessage, sendPhoto, getChat];
export const telegramTriggers = [newMessage];
export { telegram, sendMessage, sendPhoto, getChat, newMessage };
