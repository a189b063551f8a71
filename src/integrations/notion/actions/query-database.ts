import { z } from 'zod';
import { collect, cursorInBody, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { notionHeaders } from '../auth.js';

const page = z.object({ results: z.array(z.object({ id: z.string(), url: z.string().optional(), properties: z.record(z.string(), z.unknown()).default({}), last_edited_time: z.string().optional() }).loose()), next_cursor: z.string().nullable(), has_more: z.boolean() });

export const queryDatabase = defineIntegrationAction({
  id: 'notion.query_database',
  service: 'notion',
  title: 'Query a database',
  description: 'Finds rows of a Notion database with an optional filter and sort.',
  aiDescription: 'Use to read rows from a Notion database. filter and sorts follow the Notion API (e.g. {"property":"Status","status":{"equals":"Done"}}).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ databaseId: z.string().min(1), filter: z.record(z.string(), z.unknown()).optional(), sorts: z.array(z.record(z.string(), z.unknown())).optional(), limit: z.number().int().min(1).max(10_000).default(100) }),
  output: z.object({ rows: z.array(z.object({ id: z.string(), url: z.string().nullable(), properties: z.record(z.string(), z.unknown()), lastEdited: z.string().nullable() })) }),
  async run({ client, signal }, input) {
    const rows = await collect(
      paginate(client, {
        // A query reads, so retrying it is safe although it is a POST.
        first: { method: 'POST', path: `databases/${encodeURIComponent(input.databaseId)}/query`, headers: notionHeaders, json: { page_size: 100, ...(input.filter ? { filter: input.filter } : {}), ...(input.sorts ? { sorts: input.sorts } : {}) }, idempotent: true, signal },
        schema: page,
        items: (p) => p.results,
        next: cursorInBody('start_cursor', (p) => (p.has_more ? p.next_cursor : undefined)),
        maxItems: input.limit,
      }),
    );
    return { rows: rows.map((r) => ({ id: r.id, url: r.url ?? null, properties: r.properties, lastEdited: r.last_edited_time ?? null })) };
  },
});
