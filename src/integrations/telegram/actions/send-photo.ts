import { z } from 'zod';
import { callBot, chatId, messageOut, telegram, telegramMessage, toMessage } from '../service.js';

export const sendPhoto = telegram.operation({
  id: 'telegram.send_photo',
  title: 'Send a photo',
  description: 'Sends a photo from a public URL, with an optional caption.',
  aiDescription: 'Use to send an image to a Telegram chat by its public https URL (Telegram downloads it; up to 5 MB), with an optional caption up to 1,024 characters.',
  idempotent: false,
  sideEffect: true,
  method: 'POST',
  input: z.object({ chatId, photoUrl: z.url({ protocol: /^https?$/ }), caption: z.string().max(1024).optional() }),
  output: messageOut,
  async run(ctx, i) {
    return toMessage(await callBot(ctx, 'sendPhoto', { chat_id: i.chatId, photo: i.photoUrl, ...(i.caption ? { caption: i.caption } : {}) }, telegramMessage));
  },
});
