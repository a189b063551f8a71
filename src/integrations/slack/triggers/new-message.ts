import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { defineIntegrationTrigger } from '../../pieces.js';
import { slackCursorSchema, slackMessageSchema, slackOk } from '../client.js';

const page = slackOk({ messages: z.array(slackMessageSchema), has_more: z.boolean().optional(), response_metadata: slackCursorSchema });

export const newMessage = defineIntegrationTrigger({
  id: 'slack.new_message',
  service: 'slack',
  title: 'New message in channel',
  description: 'Starts when someone posts a message in a channel.',
  aiDescription: 'Use to react to new messages in one Slack channel (polling conversations.history). Bot messages are skipped unless includeBots is true.',
  kind: 'poll',
  config: z.object({ channel: z.string().min(1), includeBots: z.boolean().default(false) }),
  event: z.object({ channel: z.string(), ts: z.string(), user: z.string().nullable(), text: z.string(), threadTs: z.string().nullable() }),
  async poll({ client, signal }, config, cursor) {
    const oldest = typeof cursor?.['oldest'] === 'string' ? cursor['oldest'] : undefined;
    if (!oldest) {
      // First poll: remember where we are, emit nothing (old messages must not start runs).
      const latest = await client.call({ path: 'conversations.history', query: { channel: config.channel, limit: 1 }, signal }, page);
      return { events: [], cursor: { oldest: latest.messages[0]?.ts ?? String(Date.now() / 1000) } };
    }
    const messages = await collect(
      paginate(client, {
        first: { path: 'conversations.history', query: { channel: config.channel, oldest, limit: 200 }, signal },
        schema: page,
        items: (p) => p.messages,
        next: cursorInQuery('cursor', (p) => p.response_metadata?.next_cursor),
        maxItems: 1000,
      }),
    );
    const fresh = messages
      .filter((m) => Number(m.ts) > Number(oldest))
      .filter((m) => config.includeBots || (!m.bot_id && m.subtype !== 'bot_message'))
      .sort((a, b) => Number(a.ts) - Number(b.ts));
    const newest = messages.reduce((max, m) => (Number(m.ts) > Number(max) ? m.ts : max), oldest);
    return {
      events: fresh.map((m) => ({ channel: config.channel, ts: m.ts, user: m.user ?? null, text: m.text, threadTs: m.thread_ts ?? null })),
      cursor: { oldest: newest },
    };
  },
});
