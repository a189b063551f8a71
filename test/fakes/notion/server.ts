import { startFakeService, type FakeService } from '../kit/fake-service.js';

/**
 * Notion API fake (developers.notion.com/reference): requires `Notion-Version`, errors as `{ object: "error",
 * status, code, message }`, database queries paged with `start_cursor` / `next_cursor` / `has_more` in POST bodies.
 */
export interface NotionFake extends FakeService {
  pages: { id: string; parent: Record<string, string>; properties: Record<string, unknown>; children: unknown[] }[];
  rows: { id: string; properties: Record<string, unknown> }[];
}

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
