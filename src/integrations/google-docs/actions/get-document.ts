import { z } from 'zod';
import { docs, documentId, documentSchema, plainText } from '../auth.js';

export const getDocument = docs.operation({
  id: 'google_docs.get_document',
  title: 'Get document text',
  description: 'Reads a Google Doc’s title and plain text.',
  aiDescription: 'Use to read the text of a Google Doc (to summarise it, search it or copy it elsewhere); formatting is dropped. Use google-drive actions to find documents by name.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ documentId }),
  output: z.object({ documentId: z.string(), title: z.string(), text: z.string(), revisionId: z.string().optional() }),
  method: 'GET',
  path: (i) => `documents/${encodeURIComponent(i.documentId)}`,
  response: documentSchema,
  map: (d) => ({ documentId: d.documentId, title: d.title, text: plainText(d.body?.content ?? []), revisionId: d.revisionId }),
});
