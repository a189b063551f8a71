import { z } from 'zod';
import { discord, snowflake } from '../service.js';

/** Channel types (discord.com/developers/docs/resources/channel#channel-object-channel-types) people post to. */
const kinds: Record<number, string> = { 0: 'text', 2: 'voice', 4: 'category', 5: 'announcement', 13: 'stage', 15: 'forum' };

export const listChannels = discord.operation({
  id: 'discord.list_channels',
  title: 'List channels of a server',
  description: 'Lists the channels of a server (guild) the bot is in, with their kind.',
  aiDescription: 'Use to find a channel id by name in a Discord server (guildId) before posting with discord.send_message. Only text and announcement channels take messages.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ guildId: z.string().min(1).max(20) }),
  output: z.object({ channels: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })) }),
  path: (i) => `guilds/${encodeURIComponent(i.guildId)}/channels`,
  response: z.array(z.object({ id: z.string(), name: z.string().nullish(), type: z.number(), position: z.number().optional() }).loose()),
  map: (channels) => ({ channels: [...channels].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((c) => ({ id: c.id, name: c.name ?? '', kind: kinds[c.type] ?? `type ${c.type}` })) }),
});

export { snowflake };
