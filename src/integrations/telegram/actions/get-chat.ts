import { z } from 'zod';
import { callBot, chatId, chatTitle, telegram, telegramChat } from '../service.js';

export const getChat = telegram.operation({
  id: 'telegram.get_chat',
  title: 'Get a chat',
  description: 'Reads a chat’s kind, title and username by id or @name.',
  aiDescription: 'Use to check that the bot can reach a Telegram chat, or to turn a @channelname into its numeric id and title.',
  idempotent: true,
  sideEffect: false,
  method: 'POST',
  input: z.object({ chatId }),
  output: z.object({ id: z.number(), kind: z.string(), title: z.string(), username: z.string().nullable() }),
  async run(ctx, i) {
    const c = await callBot(ctx, 'getChat', { chat_id: i.chatId }, telegramChat, { idempotent: true });
    return { id: c.id, kind: c.type, title: chatTitle(c), username: c.username ?? null };
  },
});
