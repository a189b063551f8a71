import { z } from 'zod';
import { batchUpdatePath, docs, documentId } from '../auth.js';

export const replaceText = docs.operation({
  id: 'google_docs.replace_text',
  title: 'Replace text',
  description: 'Replaces every occurrence of a text in a Google Doc.',
  aiDescription:
    'Use to fill a Google Doc template ({{name}} → Ada) or fix wording: every occurrence of `find` becomes `replaceWith`; returns how many changed. Use google_docs.append_text to add text at the end.',
  // Running it again can change the text again when the replacement contains what it looks for.
  idempotent: false,
  sideEffect: true,
  input: z.object({ documentId, find: z.string().min(1).max(10_000), replaceWith: z.string().max(100_000), matchCase: z.boolean().default(true) }),
  output: z.object({ documentId: z.string(), occurrencesChanged: z.number().int() }),
  method: 'POST',
  path: (i) => batchUpdatePath(i.documentId),
  body: (i) => ({ requests: [{ replaceAllText: { containsText: { text: i.find, matchCase: i.matchCase }, replaceText: i.replaceWith } }] }),
  response: z.object({ documentId: z.string(), replies: z.array(z.object({ replaceAllText: z.object({ occurrencesChanged: z.number().int().default(0) }).loose().optional() }).loose()).default([]) }).loose(),
  map: (r) => ({ documentId: r.documentId, occurrencesChanged: r.replies[0]?.replaceAllText?.occurrencesChanged ?? 0 }),
});
