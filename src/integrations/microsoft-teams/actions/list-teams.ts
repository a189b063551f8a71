import { z } from 'zod';
import { collect, odataNextLink, paginate } from '../../http/index.js';
import { graphPage } from '../../microsoft/common.js';
import { defineIntegrationAction } from '../../pieces.js';

const team = z.object({ id: z.string(), displayName: z.string().nullish(), description: z.string().nullish(), isArchived: z.boolean().nullish() }).loose();

export const listTeams = defineIntegrationAction({
  id: 'teams.list_teams',
  service: 'microsoft-teams',
  title: 'List my teams',
  description: 'Lists the Microsoft Teams teams the connected user is a member of.',
  aiDescription: 'Use to find a Teams team id (for teams.list_channels or teams.post_channel_message) by its name.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  output: z.object({ teams: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().nullable(), archived: z.boolean() })) }),
  async run({ client, signal }, input) {
    // joinedTeams answers in one page today; an @odata.nextLink is still followed if Graph ever sends one.
    const items = await collect(paginate(client, { first: { path: 'me/joinedTeams', signal }, schema: graphPage(team), items: (p) => p.value, next: odataNextLink(), maxItems: input.limit }));
    return { teams: items.map((t) => ({ id: t.id, name: t.displayName ?? '', description: t.description ?? null, archived: t.isArchived ?? false })) };
  },
});
