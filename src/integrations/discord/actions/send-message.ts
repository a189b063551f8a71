import { z } from 'zod';
import { discord, discordMessage, messageOut, snowflake, toMessage } from '../service.js';

export const sendMessage = discord.operation({
  id: 'discord.send_message',
  title: 'Send a message',
  description: 'Posts a message (up to 2,000 characters, optional embeds) to a channel as the bot.',
  aiDescription: 'Use to post to a Discord channel (channelId, digits) as the connected bot. Text up to 2,000 characters; optional embeds with title, description, url and colour. For a reply to a message give replyTo (its id).',
  idempotent: false,
  sideEffect: true,
  input: z.object({
    channelId: snowflake,
    content: z.string().max(2000).default(''),
    embeds: z.array(z.object({ title: z.string().max(256).optional(), description: z.string().max(4096).optional(), url: z.url().optional(), color: z.number().int().min(0).max(0xffffff).optional() })).max(10).optional(),
    replyTo: snowflake.optional().describe('Id of the message this one answers'),
  }).refine((i) => i.content.length > 0 || (i.embeds?.length ?? 0) > 0, { error: 'give content or at least one embed', path: ['content'] }),
  output: messageOut,
  method: 'POST',
  path: (i) => `channels/${encodeURIComponent(i.channelId)}/messages`,
  // Mentions in run data must not ping @everyone or roles.
  body: (i) => ({ content: i.content, ...(i.embeds ? { embeds: i.embeds } : {}), ...(i.replyTo ? { message_reference: { message_id: i.replyTo } } : {}), allowed_mentions: { parse: ['users'] } }),
  response: discordMessage,
  map: toMessage,
});
