import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Dropbox API v2 fake (dropbox.com/developers/documentation/http/documentation): RPC endpoints with JSON bodies,
 * list_folder + list_folder/continue cursors, content upload with the Dropbox-API-Arg header, route errors as
 * 409 `{ error_summary, error }`, 401 expired_access_token, 429 with Retry-After; get_metadata (files and
 * folders, by path or id:) and content download (bytes in the body, metadata in the Dropbox-API-Result header).
 */
export interface DropboxFake extends FakeService {
  files: Map<string, string | Buffer>;
  revoked: number;
}

export async function startDropboxFake(): Promise<DropboxFake> {
  const files = new Map(Array.from({ length: 5 }, (_, i) => [`/Reports/r${i}.txt`, `report ${i}`] as const));
  const state = { files: new Map<string, string | Buffer>(files), revoked: 0 };
  const entries = (path: string) =>
    [...state.files.keys()].filter((p) => p.toLowerCase().startsWith(`${path.toLowerCase()}/`)).map((p) => ({ '.tag': 'file', id: `id:${p}`, name: p.split('/').pop(), path_display: p, size: state.files.get(p)!.length, server_modified: '2026-01-01T00:00:00Z' }));
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send({ error_summary: 'expired_access_token/..', error: { '.tag': 'expired_access_token' } }),
    routes(app) {
      app.post('/2/users/get_current_account', async () => ({ account_id: 'dbid:1', email: 'me@example.com' }));
      app.post('/2/files/list_folder', async (req, reply) => {
        const b = req.body as { path: string };
        const all = entries(b.path);
        if (b.path && all.length === 0) return reply.code(409).send({ error_summary: 'path/not_found/..', error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
        return { entries: all.slice(0, 2), cursor: `${b.path}|2`, has_more: all.length > 2 };
      });
      app.post('/2/files/list_folder/continue', async (req) => {
        const [path, offset] = (req.body as { cursor: string }).cursor.split('|');
        const all = entries(path ?? '');
        const start = Number(offset);
        return { entries: all.slice(start, start + 2), cursor: `${path}|${start + 2}`, has_more: start + 2 < all.length };
      });
      app.post('/2/files/upload', async (req, reply) => {
        const arg = JSON.parse(String(req.headers['dropbox-api-arg'] ?? '{}')) as { path: string; mode: string; autorename?: boolean };
        if (req.headers['content-type'] !== 'application/octet-stream') return reply.code(400).type('text/plain').send('Error in call to API function "files/upload": Bad HTTP "Content-Type" header');
        let path = arg.path;
        if (state.files.has(path) && arg.mode === 'add') {
          if (!arg.autorename) return reply.code(409).send({ error_summary: 'path/conflict/file/..', error: { '.tag': 'path' } });
          path = path.replace(/(\.[^.]+)?$/, ' (1)$1');
        }
        state.files.set(path, (req.body as Buffer).toString('utf8'));
        return { name: path.split('/').pop(), id: `id:${path}`, path_display: path, size: (req.body as Buffer).length, server_modified: new Date().toISOString() };
      });
      const notFound = (reply: FastifyReply) => reply.code(409).send({ error_summary: 'path/not_found/..', error: { '.tag': 'path', path: { '.tag': 'not_found' } } });
      const resolve = (ref: string) => (ref.startsWith('id:') ? ref.slice(3) : ref);
      const meta = (ref: string) => {
        const p = resolve(ref);
        const data = state.files.get(p);
        if (data !== undefined) return { '.tag': 'file', id: `id:${p}`, name: p.split('/').pop(), path_display: p, size: data.length, server_modified: '2026-01-01T00:00:00Z' };
        if (entries(p).length > 0) return { '.tag': 'folder', id: `id:${p}`, name: p.split('/').pop(), path_display: p };
        return undefined;
      };
      app.post('/2/files/get_metadata', async (req, reply) => meta((req.body as { path: string }).path) ?? notFound(reply));
      app.post('/2/files/download', async (req, reply) => {
        const arg = JSON.parse(String(req.headers['dropbox-api-arg'] ?? '{}')) as { path: string };
        const m = meta(arg.path);
        if (!m) return notFound(reply);
        if (m['.tag'] === 'folder') return reply.code(409).send({ error_summary: 'path/not_file/..', error: { '.tag': 'path', path: { '.tag': 'not_file' } } });
        const data = state.files.get(resolve(arg.path))!;
        return reply.header('dropbox-api-result', JSON.stringify(m)).type('application/octet-stream').send(typeof data === 'string' ? Buffer.from(data) : data);
      });
      app.post('/2/auth/token/revoke', async () => {
        state.revoked++;
        return null;
      });
    },
  });
  return Object.assign(fake, state);
}
