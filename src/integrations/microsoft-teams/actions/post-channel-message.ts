import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';

export const postChannelMessage = defineIntegrationAction({
  id: 'teams.post_channel_message',
  service: 'microsoft-teams',
  title: 'Post a channel message',
  description: 'Posts a message to a Microsoft Teams channel, optionally as a reply.',
  aiDescription: 'Use to post in a Teams channel (needs the team id and channel id). For Slack use slack.post_message.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ teamId: z.string().min(1), channelId: z.string().min(1), text: z.string().min(1).max(28_000), html: z.boolean().default(false), replyToId: z.string().optional() }),
  output: z.object({ id: z.string(), webUrl: z.string().nullable() }),
  async run({ client, signal }, input) {
    const base = `teams/${encodeURIComponent(input.teamId)}/channels/${encodeURIComponent(input.channelId)}/messages`;
    const r = await client.call(
      { method: 'POST', path: input.replyToId ? `${base}/${encodeURIComponent(input.replyToId)}/replies` : base, json: { body: { contentType: input.html ? 'html' : 'text', content: input.text } }, signal },
      z.object({ id: z.string(), webUrl: z.string().nullish() }).loose(),
    );
    return { id: r.id, webUrl: r.webUrl ?? null };
  },
});
