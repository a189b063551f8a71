import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Box API fake (developer.box.com/reference): folder items with marker paging (usemarker/marker/next_marker),
 * uploads as multipart/form-data (`attributes` then `file`) on the upload host, errors as `{ type: "error",
 * status, code, message }`, 409 item_name_in_use, 401 with WWW-Authenticate; files/:id with `fields`, and
 * files/:id/content answering 302 to a tokenless download URL (as dl.boxcloud.com does).
 */
export interface BoxFake extends FakeService {
  items: { id: string; name: string; parent: string; content: string | Buffer }[];
  revoked: string[];
}

const err = (status: number, code: string, message: string) => ({ type: 'error', status, code, message, request_id: 'fake' });

export async function startBoxFake(): Promise<BoxFake> {
  const state = { items: Array.from({ length: 5 }, (_, i) => ({ id: String(100 + i), name: `doc-${i}.txt`, parent: '0', content: `doc ${i}` as string | Buffer })), revoked: [] as string[] };
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).header('www-authenticate', 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."').send(''),
    publicPaths: /^\/dl\//,
    routes(app) {
      app.get('/2.0/files/:id', async (req, reply) => {
        const f = state.items.find((i) => i.id === (req.params as { id: string }).id);
        if (!f) return reply.code(404).send(err(404, 'not_found', 'Not Found'));
        const full: Record<string, unknown> = { type: 'file', id: f.id, etag: '0', name: f.name, size: f.content.length, modified_at: '2026-01-01T00:00:00-08:00', created_at: '2025-12-01T00:00:00-08:00', description: '', extension: f.name.split('.').pop() ?? '', sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', parent: { type: 'folder', id: f.parent, name: 'All Files' } };
        // Box answers the mini representation plus the requested fields.
        const asked = String((req.query as Record<string, string>)['fields'] ?? '').split(',').filter(Boolean);
        return Object.fromEntries(Object.entries(full).filter(([k]) => ['type', 'id', 'etag'].includes(k) || asked.length === 0 || asked.includes(k)));
      });
      app.get('/2.0/files/:id/content', async (req, reply) => {
        const f = state.items.find((i) => i.id === (req.params as { id: string }).id);
        if (!f) return reply.code(404).send(err(404, 'not_found', 'Not Found'));
        return reply.code(302).header('location', `/dl/${f.id}`).send('');
      });
      app.get('/dl/:id', async (req, reply) => {
        const f = state.items.find((i) => i.id === (req.params as { id: string }).id)!;
        return reply.type('application/octet-stream').send(typeof f.content === 'string' ? Buffer.from(f.content) : f.content);
      });
      app.get('/2.0/users/me', async () => ({ type: 'user', id: '1', login: 'me@example.com' }));
      app.get('/2.0/folders/:id/items', async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const q = req.query as Record<string, string>;
        if (id !== '0') return reply.code(404).send(err(404, 'not_found', 'Not Found'));
        if (q['usemarker'] !== 'true') return reply.code(400).send(err(400, 'bad_request', 'fake only supports marker paging'));
        const all = state.items.filter((i) => i.parent === id);
        const start = q['marker'] ? Number(q['marker']) : 0;
        const page = all.slice(start, start + 2);
        return { entries: page.map((i) => ({ type: 'file', id: i.id, name: i.name, size: i.content.length, modified_at: '2026-01-01T00:00:00-08:00' })), limit: 2, ...(start + 2 < all.length ? { next_marker: String(start + 2) } : {}) };
      });
      app.post('/api/2.0/files/content', async (req, reply) => {
        const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))?.[1];
        const raw = (req.body as Buffer).toString('utf8');
        const parts = raw.split(`--${boundary}`).slice(1, -1);
        const attrs = JSON.parse((parts[0] ?? '').split('\r\n\r\n')[1]?.trim() ?? '{}') as { name: string; parent: { id: string } };
        const content = (parts[1] ?? '').split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n$/, '');
        if (!/name="attributes"/.test(parts[0] ?? '')) return reply.code(400).send(err(400, 'bad_request', 'attributes must come before file'));
        if (state.items.some((i) => i.parent === attrs.parent.id && i.name === attrs.name)) return reply.code(409).send(err(409, 'item_name_in_use', 'Item with the same name already exists'));
        const item = { id: String(200 + state.items.length), name: attrs.name, parent: attrs.parent.id, content };
        state.items.push(item);
        return reply.code(201).send({ total_count: 1, entries: [{ type: 'file', id: item.id, name: item.name, size: content.length, modified_at: new Date().toISOString() }] });
      });
      app.post('/oauth2/revoke', async (req) => {
        state.revoked.push((req.body as Record<string, string>)['token'] ?? '');
        return '';
      });
    },
  });
  return Object.assign(fake, state);
}
