import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { bodyOf, gmailMessage, summaryOf, summarySchema } from '../client.js';

export const getEmail = defineIntegrationAction({
  id: 'gmail.get_email',
  service: 'gmail',
  title: 'Get an email',
  description: 'Reads one email with its text and HTML body.',
  aiDescription: 'Use after gmail.search_emails to read one message in full (by id).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ id: z.string().min(1) }),
  output: summarySchema.extend({ text: z.string(), html: z.string().nullable(), labelIds: z.array(z.string()) }),
  async run({ client, signal }, input) {
    const m = await client.call({ path: `users/me/messages/${encodeURIComponent(input.id)}`, query: { format: 'full' }, signal }, gmailMessage);
    return { ...summaryOf(m), text: bodyOf(m.payload, 'text/plain') ?? m.snippet, html: bodyOf(m.payload, 'text/html') ?? null, labelIds: m.labelIds };
  },
});
