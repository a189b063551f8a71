import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Notion API fake (developers.notion.com/reference): requires `Notion-Version`, errors as `{ object: "error",
 * status, code, message }`, database queries and search paged with `start_cursor` / `next_cursor` / `has_more` in POST
 * bodies (at most 2 results a page here, so paging is exercised).
 */
export interface NotionFake extends FakeService {
  pages: { id: string; parent: Record<string, string>; properties: Record<string, unknown>; children: unknown[] }[];
  rows: { id: string; properties: Record<string, unknown> }[];
}

// Notion names each property's type beside its value; the seeded rows leave it out for brevity.
const titled = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v && typeof v === 'object' && 'title' in v ? { type: 'title', ...v } : v]));
const err = (status: number, code: string, message: string) => ({ object: 'error', status, code, message });

export async function startNotionFake(): Promise<NotionFake> {
  const state = {
    pages: [] as NotionFake['pages'],
    rows: Array.from({ length: 5 }, (_, i) => ({ id: `row-${i}`, properties: { Name: { title: [{ plain_text: `Row ${i}` }] }, Status: { status: { name: i < 2 ? 'Done' : 'Todo' } } } })),
  };
  return Object.assign(
    await startFakeService({
      unauthorized: (reply) => reply.code(401).send(err(401, 'unauthorized', 'API token is invalid.')),
      routes(app) {
        app.addHook('preHandler', async (req, reply) => {
          if (req.url.startsWith('/v1/') && !req.headers['notion-version']) return reply.code(400).send(err(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined.'));
        });
        app.get('/v1/users/me', async () => ({ object: 'user', id: 'bot-1', name: 'Atom', type: 'bot' }));
        app.post('/v1/pages', async (req, reply) => {
          const b = req.body as { parent?: Record<string, string>; properties?: Record<string, unknown>; children?: unknown[] };
          const parentId = b.parent?.['database_id'] ?? b.parent?.['page_id'];
          if (!parentId || parentId === 'missing') return reply.code(404).send(err(404, 'object_not_found', `Could not find page with ID: ${parentId}. Make sure the relevant pages and databases are shared with your integration.`));
          const page = { id: `page-${state.pages.length + 1}`, parent: b.parent ?? {}, properties: b.properties ?? {}, children: b.children ?? [] };
          state.pages.push(page);
          return { object: 'page', id: page.id, url: `https://www.notion.so/${page.id}`, properties: page.properties };
        });
        app.get('/v1/pages/:id', async (req, reply) => {
          const id = (req.params as { id: string }).id;
          const created = state.pages.find((p) => p.id === id);
          const row = state.rows.find((r) => r.id === id);
          if (!created && !row) return reply.code(404).send(err(404, 'object_not_found', `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`));
          return { object: 'page', id, url: `https://www.notion.so/${id}`, created_time: '2026-01-01T00:00:00.000Z', last_edited_time: '2026-01-02T00:00:00.000Z', archived: false, in_trash: false, parent: created ? { type: 'page_id', ...created.parent } : { type: 'database_id', database_id: 'db-1' }, properties: titled(created?.properties ?? row!.properties) };
        });
        app.post('/v1/search', async (req, reply) => {
          const b = (req.body ?? {}) as { query?: string; start_cursor?: string; page_size?: number; filter?: { property?: string; value?: string } };
          if (b.filter && (b.filter.property !== 'object' || !['page', 'database'].includes(b.filter.value ?? ''))) return reply.code(400).send(err(400, 'validation_error', 'body failed validation: body.filter.value should be `"page"` or `"database"`.'));
          const all = [
            { object: 'database', id: 'db-1', url: 'https://www.notion.so/db-1', title: [{ type: 'text', plain_text: 'Tasks' }], properties: { Name: { id: 'title', type: 'title', title: {} } }, last_edited_time: '2026-01-03T00:00:00.000Z' },
            ...state.rows.map((r) => ({ object: 'page', id: r.id, url: `https://www.notion.so/${r.id}`, properties: titled(r.properties), last_edited_time: '2026-01-01T00:00:00.000Z' })),
          ].filter((o) => (!b.filter || o.object === b.filter.value) && (!b.query || JSON.stringify('title' in o ? o.title : o.properties).toLowerCase().includes(b.query.toLowerCase())));
          const start = b.start_cursor ? Number(b.start_cursor) : 0;
          const size = Math.min(b.page_size ?? 100, 2);
          const more = start + size < all.length;
          return { object: 'list', results: all.slice(start, start + size), next_cursor: more ? String(start + size) : null, has_more: more };
        });
        app.post('/v1/databases/:id/query', async (req, reply) => {
          if ((req.params as { id: string }).id !== 'db-1') return reply.code(404).send(err(404, 'object_not_found', 'Could not find database.'));
          const b = (req.body ?? {}) as { start_cursor?: string; page_size?: number; filter?: { status?: { equals?: string } } };
          const want = b.filter?.status?.equals;
          const all = state.rows.filter((r) => !want || (r.properties['Status'] as { status: { name: string } }).status.name === want);
          const start = b.start_cursor ? Number(b.start_cursor) : 0;
          const size = Math.min(b.page_size ?? 100, 2);
          const results = all.slice(start, start + size).map((r) => ({ object: 'page', id: r.id, url: `https://www.notion.so/${r.id}`, properties: r.properties, last_edited_time: '2026-01-01T00:00:00.000Z' }));
          const more = start + size < all.length;
          return { object: 'list', results, next_cursor: more ? String(start + size) : null, has_more: more };
        });
      },
    }),
    state,
  );
}
