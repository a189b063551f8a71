import { z } from 'zod';
import { discord, discordMessage, messageOut, snowflake, toMessage } from '../service.js';

export const editMessage = discord.operation({
  id: 'discord.edit_message',
  title: 'Edit a message',
  description: 'Replaces the text of a message the bot posted.',
  aiDescription: 'Use to change a message the bot sent earlier (channelId and messageId from discord.send_message), e.g. to update a status post. Only the bot’s own messages can be edited.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ channelId: snowflake, messageId: snowflake, content: z.string().min(1).max(2000) }),
  output: messageOut,
  method: 'PATCH',
  path: (i) => `channels/${encodeURIComponent(i.channelId)}/messages/${encodeURIComponent(i.messageId)}`,
  body: (i) => ({ content: i.content, allowed_mentions: { parse: ['users'] } }),
  response: discordMessage,
  map: toMessage,
});
