import { startFakeService, type FakeService } from '../kit/fake-service.js';

/**
 * Google APIs fake for Gmail (/gmail/v1), Calendar (/calendar/v3) and Drive (/drive/v3, /upload/drive/v3),
 * following the REST references: `nextPageToken`/`pageToken` paging, the `{ error: { code, message, status,
 * errors: [{ reason }] } }` envelope, 401 UNAUTHENTICATED for bad tokens, 403 rateLimitExceeded / 429.
 */
export interface GoogleFake extends FakeService {
  messages: { id: string; threadId: string; from: string; to: string; subject: string; text: string; html?: string }[];
  sent: { raw: string; threadId?: string }[];
  events: { id: string; summary: string; description?: string; location?: string; start: { dateTime: string }; end: { dateTime: string }; status?: string; attendees?: { email: string }[] }[];
  /** sendUpdates of each events PATCH, in order. */
  eventPatches: { id: string; sendUpdates: string | undefined; body: Record<string, unknown> }[];
  files: { id: string; name: string; mimeType: string; modifiedTime: string; parents: string[]; content?: string }[];
  permissions: { fileId: string; body: Record<string, unknown> }[];
}

export const googleError = (code: number, status: string, message: string, reason: string) => ({ error: { code, message, status, errors: [{ reason, message, domain: 'global' }] } });

export async function startGoogleFake(): Promise<GoogleFake> {
  const state = {
    messages: Array.from({ length: 5 }, (_, i) => ({ id: `m${i}`, threadId: `t${i}`, from: 'ada@example.com', to: 'me@example.com', subject: `Invoice ${i}`, text: `Body ${i}`, ...(i === 0 ? { html: '<p>Body 0</p>' } : {}) })),
    sent: [] as GoogleFake['sent'],
    events: [] as GoogleFake['events'],
    eventPatches: [] as GoogleFake['eventPatches'],
    files: Array.from({ length: 5 }, (_, i) => ({ id: `f${i}`, name: `Report ${i}.txt`, mimeType: 'text/plain', modifiedTime: `2026-01-0${i + 1}T10:00:00.000Z`, parents: ['folder-1'], content: `report ${i}` })),
    permissions: [] as GoogleFake['permissions'],
  };
  const page = <T>(items: T[], token: string | undefined, size: number) => {
    const start = Number(token ?? 0);
    const slice = items.slice(start, start + size);
    return { slice, nextPageToken: start + size < items.length ? String(start + size) : undefined };
  };
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const asMessage = (m: GoogleFake['messages'][number], format: string) => ({
    id: m.id,
    threadId: m.threadId,
    labelIds: ['INBOX'],
    snippet: m.text.slice(0, 100),
    internalDate: '1700000000000',
    payload: {
      mimeType: m.html ? 'multipart/alternative' : 'text/plain',
      headers: [{ name: 'From', value: m.from }, { name: 'To', value: m.to }, { name: 'Subject', value: m.subject }, { name: 'Date', value: 'Tue, 14 Nov 2023 22:13:20 +0000' }],
      ...(format === 'full'
        ? m.html
          ? { parts: [{ mimeType: 'text/plain', body: { data: b64(m.text) } }, { mimeType: 'text/html', body: { data: b64(m.html) } }] }
          : { body: { data: b64(m.text) } }
        : {}),
    },
  });

  const fake = await startFakeService({
    tokenPath: '/token',
    unauthorized: (reply) => reply.code(401).header('www-authenticate', 'Bearer realm="https://accounts.google.com/"').send(googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'authError')),
    routes(app) {
      type Q = Record<string, string | undefined>;
      // Gmail
      app.get('/gmail/v1/users/me/profile', async () => ({ emailAddress: 'me@example.com', messagesTotal: state.messages.length }));
      app.get('/gmail/v1/users/me/messages', async (req) => {
        const q = req.query as Q;
        const term = (q['q'] ?? '').replace(/in:inbox/, '').trim().toLowerCase();
        const hits = [...state.messages].reverse().filter((m) => !term || `${m.subject} ${m.text} from:${m.from}`.toLowerCase().includes(term.replace(/^from:/, 'from:')));
        const p = page(hits, q['pageToken'], Math.min(Number(q['maxResults'] ?? 100), 2));
        return { messages: p.slice.map((m) => ({ id: m.id, threadId: m.threadId })), ...(p.nextPageToken ? { nextPageToken: p.nextPageToken } : {}), resultSizeEstimate: hits.length };
      });
      app.get('/gmail/v1/users/me/messages/:id', async (req, reply) => {
        const m = state.messages.find((x) => x.id === (req.params as { id: string }).id);
        if (!m) return reply.code(404).send(googleError(404, 'NOT_FOUND', 'Requested entity was not found.', 'notFound'));
        return asMessage(m, (req.query as Q)['format'] ?? 'full');
      });
      app.post('/gmail/v1/users/me/messages/send', async (req, reply) => {
        const b = req.body as { raw?: string; threadId?: string };
        if (!b.raw) return reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', "'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'invalidArgument'));
        state.sent.push({ raw: b.raw, ...(b.threadId ? { threadId: b.threadId } : {}) });
        return { id: `s${state.sent.length}`, threadId: b.threadId ?? `ts${state.sent.length}`, labelIds: ['SENT'] };
      });
      // Calendar
      app.get('/calendar/v3/calendars/:cal', async () => ({ id: 'me@example.com', summary: 'me@example.com', timeZone: 'UTC' }));
      app.get('/calendar/v3/calendars/:cal/events', async (req) => {
        const q = req.query as Q;
        const min = q['timeMin'] ? Date.parse(q['timeMin']) : -Infinity;
        const max = q['timeMax'] ? Date.parse(q['timeMax']) : Infinity;
        const hits = state.events.filter((e) => Date.parse(e.end.dateTime) > min && Date.parse(e.start.dateTime) < max).sort((a, b) => a.start.dateTime.localeCompare(b.start.dateTime));
        const p = page(hits, q['pageToken'], 2);
        return { kind: 'calendar#events', items: p.slice, ...(p.nextPageToken ? { nextPageToken: p.nextPageToken } : {}) };
      });
      app.post('/calendar/v3/calendars/:cal/events', async (req, reply) => {
        const b = req.body as { summary: string; start: { dateTime: string }; end: { dateTime: string }; attendees?: { email: string }[] };
        if (Date.parse(b.end.dateTime) <= Date.parse(b.start.dateTime)) return reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', 'The specified time range is empty.', 'timeRangeEmpty'));
        const e = { id: `e${state.events.length + 1}`, summary: b.summary, start: b.start, end: b.end, ...(b.attendees ? { attendees: b.attendees } : {}), status: 'confirmed', htmlLink: 'https://calendar.google.com/event?eid=x' };
        state.events.push(e);
        return e;
      });
      // PATCH semantics: only the fields in the body change; attendees replace the list.
      app.patch('/calendar/v3/calendars/:cal/events/:id', async (req, reply) => {
        const id = (req.params as { id: string }).id;
        const e = state.events.find((x) => x.id === id);
        if (!e) return reply.code(404).send(googleError(404, 'NOT_FOUND', 'Not Found', 'notFound'));
        const b = (req.body ?? {}) as Partial<GoogleFake['events'][number]>;
        const next = { ...e, ...b };
        if (Date.parse(next.end.dateTime) <= Date.parse(next.start.dateTime)) return reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', 'The specified time range is empty.', 'timeRangeEmpty'));
        Object.assign(e, b);
        state.eventPatches.push({ id, sendUpdates: (req.query as Q)['sendUpdates'], body: b });
        return { ...e, htmlLink: 'https://calendar.google.com/event?eid=x' };
      });
      // Drive
      app.get('/drive/v3/about', async () => ({ user: { emailAddress: 'me@example.com', displayName: 'Me' } }));
      app.get('/drive/v3/files', async (req) => {
        const q = req.query as Q;
        const expr = q['q'] ?? '';
        const parent = /'([^']+)' in parents/.exec(expr)?.[1];
        const after = /modifiedTime > '([^']+)'/.exec(expr)?.[1];
        let hits = state.files.filter((f) => (!parent || f.parents.includes(parent)) && (!after || f.modifiedTime > after));
        if (q['orderBy'] === 'modifiedTime desc') hits = hits.sort((a, b) => b.modifiedTime.localeCompare(a.modifiedTime));
        const p = page(hits, q['pageToken'], Math.min(Number(q['pageSize'] ?? 100), 2));
        return { files: p.slice.map(({ content: _c, ...f }) => ({ ...f, size: String(_c?.length ?? 0) })), ...(p.nextPageToken ? { nextPageToken: p.nextPageToken } : {}) };
      });
      app.get('/drive/v3/files/:id', async (req, reply) => {
        const f = state.files.find((x) => x.id === (req.params as { id: string }).id);
        if (!f) return reply.code(404).send(googleError(404, 'NOT_FOUND', `File not found: ${(req.params as { id: string }).id}.`, 'notFound'));
        if ((req.query as Q)['alt'] === 'media') return reply.type('text/plain').send(f.content ?? '');
        const { content: _c, ...meta } = f;
        return meta;
      });
      app.post('/drive/v3/files/:id/permissions', async (req, reply) => {
        const id = (req.params as { id: string }).id;
        if (!state.files.some((f) => f.id === id)) return reply.code(404).send(googleError(404, 'NOT_FOUND', `File not found: ${id}.`, 'notFound'));
        const body = req.body as Record<string, unknown>;
        state.permissions.push({ fileId: id, body });
        return { kind: 'drive#permission', id: `p${state.permissions.length}`, role: body['role'], type: body['type'] };
      });
      app.post('/upload/drive/v3/files', async (req, reply) => {
        const ct = String(req.headers['content-type'] ?? '');
        const boundary = /boundary=(.+)$/.exec(ct)?.[1];
        if ((req.query as Q)['uploadType'] !== 'multipart' || !boundary) return reply.code(400).send(googleError(400, 'INVALID_ARGUMENT', 'Bad upload.', 'badRequest'));
        const raw = (req.body as Buffer).toString('utf8');
        const parts = raw.split(`--${boundary}`).slice(1, -1).map((p) => p.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n$/, ''));
        const meta = JSON.parse(parts[0] ?? '{}') as { name: string; parents?: string[]; mimeType?: string };
        const file = { id: `f${state.files.length + 10}`, name: meta.name, mimeType: meta.mimeType ?? 'application/octet-stream', modifiedTime: new Date().toISOString(), parents: meta.parents ?? ['root'], content: parts[1] ?? '' };
        state.files.push(file);
        const { content: _c, ...out } = file;
        return out;
      });
    },
  });
  return Object.assign(fake, state);
}
