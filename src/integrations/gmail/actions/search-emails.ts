import { z } from 'zod';
import { collect, pageToken, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { getMetadata, messageList, summaryOf, summarySchema } from '../client.js';

export const searchEmails = defineIntegrationAction({
  id: 'gmail.search_emails',
  service: 'gmail',
  title: 'Search emails',
  description: 'Finds emails with a Gmail search query.',
  aiDescription: 'Use to find emails with Gmail search syntax (from:ada@example.com subject:invoice newer_than:7d is:unread). Returns sender, subject, date and a snippet; call gmail.get_email for the full body.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ query: z.string().max(1000), maxResults: z.number().int().min(1).max(500).default(20) }),
  output: z.object({ messages: z.array(summarySchema) }),
  async run({ client, signal }, input) {
    const ids = await collect(
      paginate(client, { first: { path: 'users/me/messages', query: { q: input.query, maxResults: Math.min(100, input.maxResults) }, signal }, schema: messageList, items: (p) => p.messages, next: pageToken(), maxItems: input.maxResults }),
    );
    const messages = [];
    for (const m of ids) messages.push(summaryOf(await getMetadata(client, m.id, signal)));
    return { messages };
  },
});
