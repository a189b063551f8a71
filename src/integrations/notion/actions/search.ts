import { z } from 'zod';
import { collect, cursorInBody, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { notionHeaders } from '../auth.js';

const richText = z.array(z.object({ plain_text: z.string().default('') }).loose());
const hit = z
  .object({
    object: z.enum(['page', 'database']),
    id: z.string(),
    url: z.string().optional(),
    last_edited_time: z.string().optional(),
    // A database carries its title at the top; a page in whichever property has type "title".
    title: richText.optional(),
    // A database's properties are its schema (`title: {}`), so values are read only where they are rich text.
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .loose();
const page = z.object({ results: z.array(hit), next_cursor: z.string().nullable(), has_more: z.boolean() });

const titleProperty = z.object({ type: z.literal('title'), title: richText }).loose();
const titleOf = (h: z.infer<typeof hit>) => {
  const prop = Object.values(h.properties).map((p) => titleProperty.safeParse(p)).find((r) => r.success)?.data;
  return (h.title ?? prop?.title ?? []).map((t) => t.plain_text).join('');
};

export const search = defineIntegrationAction({
  id: 'notion.search',
  service: 'notion',
  title: 'Search pages and databases',
  description: 'Finds Notion pages and databases shared with Atom by title.',
  aiDescription: 'Use to find a Notion page or database id by its title (only what was shared with Atom’s integration). Set `object` to "page" or "database" to narrow. Use notion.query_database to read rows of a known database, notion.get_page to read one page.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ query: z.string().max(2000).default(''), object: z.enum(['page', 'database']).optional(), limit: z.number().int().min(1).max(1000).default(50) }),
  output: z.object({ results: z.array(z.object({ id: z.string(), object: z.enum(['page', 'database']), title: z.string(), url: z.string().nullable(), lastEdited: z.string().nullable() })) }),
  async run({ client, signal }, input) {
    const hits = await collect(
      paginate(client, {
        // A search reads, so retrying it is safe although it is a POST.
        first: {
          method: 'POST',
          path: 'search',
          headers: notionHeaders,
          json: { page_size: Math.min(input.limit, 100), ...(input.query ? { query: input.query } : {}), ...(input.object ? { filter: { property: 'object', value: input.object } } : {}) },
          idempotent: true,
          signal,
        },
        schema: page,
        items: (p) => p.results,
        next: cursorInBody('start_cursor', (p) => (p.has_more ? p.next_cursor : undefined)),
        maxItems: input.limit,
      }),
    );
    return { results: hits.map((h) => ({ id: h.id, object: h.object, title: titleOf(h), url: h.url ?? null, lastEdited: h.last_edited_time ?? null })) };
  },
});
