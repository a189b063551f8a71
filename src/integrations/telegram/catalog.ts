import { entry, headerKey } from '../catalog/data/build.js';

/** Telegram in the catalog: what people see, and how a connection signs in. */
export const catalog = entry('chat', 'telegram', 'Telegram', 'Send and receive messages through a Telegram bot.', 'https://telegram.org', 'https://core.telegram.org/bots/api', 'https://api.telegram.org', headerKey('X-Telegram-Bot-Token', 'Bot token from @BotFather (it goes into the URL path).'));
