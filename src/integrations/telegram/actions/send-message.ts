import { z } from 'zod';
import { callBot, chatId, messageOut, telegram, telegramMessage, toMessage } from '../service.js';

export const sendMessage = telegram.operation({
  id: 'telegram.send_message',
  title: 'Send a message',
  description: 'Sends a text message (up to 4,096 characters) from the bot to a chat, group or channel.',
  aiDescription:
    'Use to send a Telegram message as the connected bot. chatId is the numeric chat id (from the telegram.new_message trigger, or a group/channel id) or a public @channelname; the person must have started the bot first. Format with parseMode HTML (<b>, <i>, <a href>) or plain text (default).',
  idempotent: false,
  sideEffect: true,
  method: 'POST',
  input: z.object({
    chatId,
    text: z.string().min(1).max(4096),
    parseMode: z.enum(['plain', 'HTML', 'MarkdownV2']).default('plain'),
    silent: z.boolean().default(false).describe('Deliver without a notification sound'),
    replyToMessageId: z.number().int().optional(),
  }),
  output: messageOut,
  async run(ctx, i) {
    const m = await callBot(ctx, 'sendMessage', {
      chat_id: i.chatId,
      text: i.text,
      ...(i.parseMode !== 'plain' ? { parse_mode: i.parseMode } : {}),
      ...(i.silent ? { disable_notification: true } : {}),
      ...(i.replyToMessageId ? { reply_parameters: { message_id: i.replyToMessageId } } : {}),
      link_preview_options: { is_disabled: true },
    }, telegramMessage);
    return toMessage(m);
  },
});
