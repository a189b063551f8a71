import { z } from 'zod';
import { readGoogleFault } from '../google/common.js';
import { defineRestService } from '../kit/index.js';

/** Google Docs API v1 (developers.google.com/docs/api/reference/rest), scope `documents`. */
export const docs = defineRestService({
  id: 'google-docs',
  name: 'Google Docs',
  auth: 'oauth2',
  readFault: readGoogleFault,
  // 300 reads and 60 writes per minute per user; Google's 429 beyond that is waited out.
  limits: { concurrency: 4, ratePerSecond: 5, burst: 60 },
});

/** The document id, or its link (docs.google.com/document/d/<id>/edit). */
export const documentId = z
  .string()
  .trim()
  .max(500)
  .transform((s) => /\/document\/d\/([A-Za-z0-9_-]+)/.exec(s)?.[1] ?? s)
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{10,200}$/, { error: 'must be the document id or link (docs.google.com/document/d/<id>/edit)' }))
  .describe('The document id (the part of its URL after /d/) or its link');

/** The structural elements of a body that hold text (tables hold more elements in their cells). */
interface Element {
  paragraph?: { elements?: { textRun?: { content?: string } }[] } | undefined;
  table?: { tableRows?: { tableCells?: { content?: Element[] }[] }[] } | undefined;
}
const element: z.ZodType<Element> = z.lazy(() =>
  z
    .object({
      paragraph: z.object({ elements: z.array(z.object({ textRun: z.object({ content: z.string().optional() }).loose().optional() }).loose()).optional() }).loose().optional(),
      table: z.object({ tableRows: z.array(z.object({ tableCells: z.array(z.object({ content: z.array(element).optional() }).loose()).optional() }).loose()).optional() }).loose().optional(),
    })
    .loose(),
);
export const documentSchema = z.object({ documentId: z.string(), title: z.string(), revisionId: z.string().optional(), body: z.object({ content: z.array(element).default([]) }).loose().optional() }).loose();

/** A document's plain text, in reading order: paragraphs' text runs, table cells row by row. */
export function plainText(content: readonly Element[]): string {
  let out = '';
  for (const e of content) {
    for (const r of e.paragraph?.elements ?? []) out += r.textRun?.content ?? '';
    for (const row of e.table?.tableRows ?? []) for (const cell of row.tableCells ?? []) out += plainText(cell.content ?? []);
  }
  return out;
}

export const batchUpdatePath = (id: string) => `documents/${encodeURIComponent(id)}:batchUpdate`;
