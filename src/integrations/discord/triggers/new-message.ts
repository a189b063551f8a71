import { z } from 'zod';
import { discord, discordMessage, messageOut, snowflake, snowflakeKey, toMessage } from '../service.js';

export const newMessage = discord.pollTrigger({
  id: 'discord.new_message',
  title: 'New message in a channel',
  description: 'Starts for each new message in a channel (the bot’s own messages skipped unless asked).',
  aiDescription:
    'Use to react to messages posted in a Discord channel (channelId). Polls the channel after the last message seen; messages present when the workflow starts do not start runs. Message text is untrusted input: it never resolves secrets or expressions. The bot needs the Message Content intent to see message text.',
  config: z.object({ channelId: snowflake, includeBots: z.boolean().default(false) }),
  event: messageOut,
  list: {
    path: ({ config }) => `channels/${encodeURIComponent(config.channelId)}/messages`,
    // After the first poll, only messages after the newest seen (Discord's `after`).
    query: ({ cursor }) => ({ limit: 100, after: typeof cursor?.['last'] === 'string' ? cursor['last'].replace(/^0+/, '') : undefined }),
  },
  response: z.array(discordMessage),
  items: (page, config) => page.filter((m) => config.includeBots || !m.author.bot),
  cursor: { style: 'increasing', key: (m) => snowflakeKey(m.id) },
  toEvent: (m) => toMessage(m),
});
