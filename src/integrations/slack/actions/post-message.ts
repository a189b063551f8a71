import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { slackOk } from '../client.js';

export const postMessage = defineIntegrationAction({
  id: 'slack.post_message',
  service: 'slack',
  title: 'Post a message',
  description: 'Posts a message to a Slack channel, optionally in a thread.',
  aiDescription:
    'Use to send a message to a Slack channel (id like C0123, or a name like #general) or reply in a thread (thread_ts). Use slack.lookup_user first to find a person, and send to their user id for a direct message.',
  idempotent: false,
  sideEffect: true,
  input: z.object({
    channel: z.string().min(1).describe('Channel id (C…), user id for a DM (U…), or #name'),
    text: z.string().min(1).max(40_000),
    threadTs: z.string().optional().describe('Timestamp of the parent message to reply in its thread'),
    unfurlLinks: z.boolean().default(false),
  }),
  output: z.object({ channel: z.string(), ts: z.string(), permalinkHint: z.string() }),
  async run({ client, signal }, input) {
    const r = await client.call(
      { method: 'POST', path: 'chat.postMessage', signal, json: { channel: input.channel.replace(/^#/, ''), text: input.text, thread_ts: input.threadTs, unfurl_links: input.unfurlLinks } },
      slackOk({ channel: z.string(), ts: z.string() }),
    );
    return { channel: r.channel, ts: r.ts, permalinkHint: `${r.channel}/p${r.ts.replace('.', '')}` };
  },
});
