import { z } from 'zod';
import { batchUpdatePath, docs, documentId } from '../auth.js';

export const appendText = docs.operation({
  id: 'google_docs.append_text',
  title: 'Append text',
  description: 'Adds text at the end of a Google Doc.',
  aiDescription: 'Use to add plain text at the end of an existing Google Doc (a log, running notes); start the text with a newline to begin a new paragraph. Use google_docs.replace_text to change text already there.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ documentId, text: z.string().min(1).max(1_000_000) }),
  output: z.object({ documentId: z.string() }),
  method: 'POST',
  path: (i) => batchUpdatePath(i.documentId),
  body: (i) => ({ requests: [{ insertText: { text: i.text, endOfSegmentLocation: {} } }] }),
  response: z.object({ documentId: z.string() }).loose(),
  map: (r) => ({ documentId: r.documentId }),
});
