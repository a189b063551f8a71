import { z } from 'zod';
import { batchUpdatePath, docs } from '../auth.js';

export const createDocument = docs.operation({
  id: 'google_docs.create_document',
  title: 'Create a document',
  description: 'Creates a Google Doc with a title and, optionally, its first text.',
  aiDescription: 'Use to create a new Google Doc (meeting notes, a report) with a title and optional plain text. Use google_docs.append_text to add to an existing document.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ title: z.string().trim().min(1).max(1000), text: z.string().max(1_000_000).optional() }),
  output: z.object({ documentId: z.string(), title: z.string(), url: z.string() }),
  method: 'POST',
  async run({ client, signal }, i) {
    const doc = await client.call({ method: 'POST', path: 'documents', json: { title: i.title }, signal }, z.object({ documentId: z.string(), title: z.string() }).loose());
    if (i.text) {
      // A new document's body is one empty paragraph: index 1 is its start.
      await client.call({ method: 'POST', path: batchUpdatePath(doc.documentId), json: { requests: [{ insertText: { text: i.text, location: { index: 1 } } }] }, signal }, z.object({}).loose());
    }
    return { documentId: doc.documentId, title: doc.title, url: `https://docs.google.com/document/d/${doc.documentId}/edit` };
  },
});
