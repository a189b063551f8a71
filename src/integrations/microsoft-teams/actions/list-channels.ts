import { z } from 'zod';
import { collect, odataNextLink, paginate } from '../../http/index.js';
import { graphPage } from '../../microsoft/common.js';
import { defineIntegrationAction } from '../../pieces.js';

const channel = z.object({ id: z.string(), displayName: z.string().nullish(), description: z.string().nullish(), membershipType: z.string().nullish(), webUrl: z.string().nullish(), createdDateTime: z.string().nullish() }).loose();

export const listChannels = defineIntegrationAction({
  id: 'teams.list_channels',
  service: 'microsoft-teams',
  title: "List a team's channels",
  description: 'Lists the channels of a Microsoft Teams team (standard, private and shared the user can see).',
  aiDescription: 'Use to find a Teams channel id by name, given the team id from teams.list_teams. membershipType narrows to standard, private or shared channels.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ teamId: z.string().min(1).regex(/^[^/?#]+$/, { error: 'must be a team id' }), membershipType: z.enum(['standard', 'private', 'shared']).optional(), limit: z.number().int().min(1).max(1000).default(200) }),
  output: z.object({ channels: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().nullable(), membershipType: z.string().nullable(), webUrl: z.string().nullable(), createdTime: z.string().nullable() })) }),
  async run({ client, signal }, input) {
    // $select leaves out email and moderationSettings, which Graph documents as slow to populate.
    const query = { $select: 'id,displayName,description,membershipType,webUrl,createdDateTime', ...(input.membershipType ? { $filter: `membershipType eq '${input.membershipType}'` } : {}) };
    const items = await collect(paginate(client, { first: { path: `teams/${encodeURIComponent(input.teamId)}/channels`, query, signal }, schema: graphPage(channel), items: (p) => p.value, next: odataNextLink(), maxItems: input.limit }));
    return { channels: items.map((c) => ({ id: c.id, name: c.displayName ?? '', description: c.description ?? null, membershipType: c.membershipType ?? null, webUrl: c.webUrl ?? null, createdTime: c.createdDateTime ?? null })) };
  },
});
