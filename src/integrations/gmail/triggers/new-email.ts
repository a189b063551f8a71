import { z } from 'zod';
import { defineIntegrationTrigger } from '../../pieces.js';
import { getMetadata, messageList, summaryOf, summarySchema } from '../client.js';

const SEEN_KEPT = 500;

export const newEmail = defineIntegrationTrigger({
  id: 'gmail.new_email',
  service: 'gmail',
  title: 'New email matching a search',
  description: 'Starts when an email arrives that matches a Gmail search.',
  aiDescription: 'Use to react to incoming mail (e.g. query "from:billing@vendor.com has:attachment"). Polls; the first poll only remembers what is already there.',
  kind: 'poll',
  config: z.object({ query: z.string().max(1000).default('in:inbox') }),
  event: summarySchema,
  async poll({ client, signal }, config, cursor) {
    const page = await client.call({ path: 'users/me/messages', query: { q: config.query, maxResults: 50 }, signal }, messageList);
    const seen = new Set(Array.isArray(cursor?.['seen']) ? cursor['seen'] : []);
    const ids = page.messages.map((m) => m.id);
    if (!cursor) return { events: [], cursor: { seen: ids } };
    const fresh = page.messages.filter((m) => !seen.has(m.id)).reverse(); // oldest first
    const events = [];
    for (const m of fresh) events.push(summaryOf(await getMetadata(client, m.id, signal)));
    return { events, cursor: { seen: [...ids, ...[...seen].filter((id) => !ids.includes(id))].slice(0, SEEN_KEPT) } };
  },
});
