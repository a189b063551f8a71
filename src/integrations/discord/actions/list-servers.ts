import { z } from 'zod';
import { discord } from '../service.js';

export const listServers = discord.operation({
  id: 'discord.list_servers',
  title: 'List servers',
  description: 'Lists the servers (guilds) the bot has been added to.',
  aiDescription: 'Use to find the guildId of a Discord server the bot is in, before listing its channels with discord.list_channels.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  output: z.object({ servers: z.array(z.object({ id: z.string(), name: z.string() })) }),
  path: () => 'users/@me/guilds',
  query: () => ({ limit: 200 }),
  response: z.array(z.object({ id: z.string(), name: z.string() }).loose()),
  paginate: { style: 'cursor', param: 'after', next: (page) => (page.length === 200 ? page.at(-1)?.id : undefined), items: (page) => page },
  maxItems: (i) => i.limit,
  map: (items) => ({ servers: items.map((g) => ({ id: g.id, name: g.name })) }),
});
