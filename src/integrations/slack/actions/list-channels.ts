import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { slackChannelSchema, slackCursorSchema, slackOk } from '../client.js';

const page = slackOk({ channels: z.array(slackChannelSchema), response_metadata: slackCursorSchema });

export const listChannels = defineIntegrationAction({
  id: 'slack.list_channels',
  service: 'slack',
  title: 'List channels',
  description: 'Lists the channels of the Slack workspace.',
  aiDescription: 'Use to find a channel id by name before posting, or to show the user what channels exist. Archived channels are left out unless asked.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ includePrivate: z.boolean().default(false), includeArchived: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(1000) }),
  output: z.object({ channels: z.array(z.object({ id: z.string(), name: z.string(), private: z.boolean(), archived: z.boolean(), members: z.number().nullable(), topic: z.string() })) }),
  async run({ client, signal }, input) {
    const channels = await collect(
      paginate(client, {
        first: {
          path: 'conversations.list',
          signal,
          query: { limit: 200, exclude_archived: !input.includeArchived, types: input.includePrivate ? 'public_channel,private_channel' : 'public_channel' },
        },
        schema: page,
        items: (p) => p.channels,
        next: cursorInQuery('cursor', (p) => p.response_metadata?.next_cursor),
        maxItems: input.limit,
      }),
    );
    return {
      channels: channels.map((c) => ({ id: c.id, name: c.name ?? c.id, private: c.is_private ?? false, archived: c.is_archived ?? false, members: c.num_members ?? null, topic: c.topic?.value ?? '' })),
    };
  },
});
