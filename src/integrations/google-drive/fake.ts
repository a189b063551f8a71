import { createHash } from 'node:crypto';
import { sendJson, startFakeServer } from '../../../test/fakes/kit/http-server.js';
import { fakeOAuthEndpoints, type FakeOAuthEndpoints } from '../../../test/fakes/kit/oauth-endpoints.js';

/**
 * A local fake of the Google Drive v3 API, following the published contract where the sync relies on it:
 * - `GET /drive/v3/files` with `corpora`, `driveId`, `includeItemsFromAllDrives`, `supportsAllDrives`,
 *   `q=trashed = false`, `pageSize`, opaque `pageToken`; `nextPageToken` is only returned when `fields`
 *   names it (as the real API does); a bad page token is a 400.
 * - `GET /drive/v3/changes/startPageToken`, `GET /drive/v3/changes?pageToken=` with `nextPageToken` until
 *   `newStartPageToken`, `removed` changes and file resources.
 * - `GET /drive/v3/files/{id}?alt=media` (403 `fileNotDownloadable` for Google Docs) and
 *   `GET /drive/v3/files/{id}/export?mimeType=` (403 `fileNotExportable` for other files).
 * - 401 without the bearer token; scripted throttling as 403 `userRateLimitExceeded` or 429 + Retry-After.
 * - OAuth: `/oauth2/authorize` and `/oauth2/token` issue tokens the API accepts (kit/oauth-endpoints.ts);
 *   a consent that asked for `openid` also gets an OpenID Connect ID token naming the signed-in account
 *   (`oauth.account`, default alice@example.com) with `email_verified`, as Google's token endpoint does.
 */
export interface FakeDriveFile {
  id: string;
  name: string;
  mimeType: string;
  content: Uint8Array;
  modifiedTime: string;
  version: number;
  trashed: boolean;
  driveId?: string | undefined;
  owners: string[];
  /** Emails (users), `domain:x.com` or `anyone`. */
  sharedWith: string[];
}

type Throttle = { kind: '403' | '429'; retryAfter?: number };

export interface FakeGoogleDrive {
  url: string;
  token: string;
  /** The fake's OAuth endpoints (authorize at `${url}/oauth2/authorize`, token at `${url}/oauth2/token`). */
  oauth: FakeOAuthEndpoints;
  files: Map<string, FakeDriveFile>;
  requests: string[];
  add(f: Partial<Omit<FakeDriveFile, 'content'>> & { name: string; content: Uint8Array | string }): FakeDriveFile;
  update(id: string, change: Partial<Omit<FakeDriveFile, 'content'>> & { content?: Uint8Array | string }): void;
  remove(id: string): void;
  throttle(list: Throttle[]): void;
  /** Every page holds at most this many files, and the first page of files.list is empty (allowed by the API). */
  pageSize: number;
  emptyFirstPage: boolean;
  close(): Promise<void>;
}

const isGoogleDoc = (m: string) => m.startsWith('application/vnd.google-apps.');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const enc = (s: Uint8Array | string) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);

export async function startFakeGoogleDrive(options: { token?: string; account?: string } = {}): Promise<FakeGoogleDrive> {
  const token = options.token ?? 'drive-token';
  const files = new Map<string, FakeDriveFile>();
  const changes: { fileId: string }[] = [];
  const requests: string[] = [];
  let throttles: Throttle[] = [];
  let counter = 0;
  const oauth = fakeOAuthEndpoints('drive', token, { account: options.account ?? 'alice@example.com', googleIdToken: true });
  const clock = () => new Date(Date.UTC(2026, 0, 1) + changes.length * 60_000).toISOString();

  const resource = (f: FakeDriveFile) => ({
    kind: 'drive#file',
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    modifiedTime: f.modifiedTime,
    version: String(f.version),
    trashed: f.trashed,
    ...(isGoogleDoc(f.mimeType) ? {} : { md5Checksum: md5(f.content), size: String(f.content.byteLength) }),
    ...(f.driveId ? { driveId: f.driveId } : {}),
    webViewLink: `https://drive.google.com/file/d/${f.id}/view`,
    owners: f.owners.map((emailAddress) => ({ emailAddress })),
    permissions: [
      ...f.owners.map((emailAddress) => ({ type: 'user', role: 'owner', emailAddress })),
      ...f.sharedWith.map((s) =>
        s === 'anyone' ? { type: 'anyone', role: 'reader' } : s.startsWith('domain:') ? { type: 'domain', role: 'reader', domain: s.slice(7) } : { type: 'user', role: 'reader', emailAddress: s },
      ),
    ],
  });

  const inScope = (f: FakeDriveFile, url: URL) => {
    const allDrives = url.searchParams.get('includeItemsFromAllDrives') === 'true' && url.searchParams.get('supportsAllDrives') === 'true';
    const driveId = url.searchParams.get('driveId');
    if (url.searchParams.get('corpora') === 'drive') return f.driveId === driveId;
    return !f.driveId || allDrives;
  };

  const server = await startFakeServer(async (req, res, url) => {
    if (await oauth.handle(req, res, url)) return;
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (!oauth.accepts(req.headers.authorization)) {
      return sendJson(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ reason: 'authError', domain: 'global' }] } });
    }
    const t = throttles.shift();
    if (t?.kind === '403') return sendJson(res, 403, { error: { code: 403, message: 'User Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded', message: 'User Rate Limit Exceeded' }] } });
    if (t?.kind === '429') return sendJson(res, 429, { error: { code: 429, message: 'Too many requests', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded' }] } }, t.retryAfter !== undefined ? { 'retry-after': String(t.retryAfter) } : {});

    const fields = url.searchParams.get('fields') ?? '';
    const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 100), fake.pageSize);
    if (url.pathname === '/drive/v3/files') {
      const list = [...files.values()].filter((f) => inScope(f, url) && !(url.searchParams.get('q') === 'trashed = false' && f.trashed));
      const raw = url.searchParams.get('pageToken');
      let offset = 0;
      if (raw !== null) {
        const m = /^p(\d+)$/.exec(Buffer.from(raw, 'base64url').toString());
        if (!m) return sendJson(res, 400, { error: { code: 400, message: 'Invalid Value', errors: [{ reason: 'invalid', location: 'pageToken', locationType: 'parameter' }] } });
        offset = Number(m[1]);
      }
      // The API may return short or empty pages before the end; the first page here is empty on request.
      const size = raw === null && fake.emptyFirstPage ? 0 : pageSize;
      const page = list.slice(offset, offset + size);
      const next = offset + size < list.length ? Buffer.from(`p${offset + size}`).toString('base64url') : undefined;
      return sendJson(res, 200, { kind: 'drive#fileList', ...(next && (!fields || fields.includes('nextPageToken')) ? { nextPageToken: next } : {}), files: page.map(resource) });
    }
    if (url.pathname === '/drive/v3/changes/startPageToken') return sendJson(res, 200, { kind: 'drive#startPageToken', startPageToken: String(changes.length + 1) });
    if (url.pathname === '/drive/v3/changes') {
      const from = Number(url.searchParams.get('pageToken'));
      if (!Number.isInteger(from) || from < 1 || from > changes.length + 1) {
        return sendJson(res, 400, { error: { code: 400, message: 'Invalid Value', errors: [{ reason: 'invalid', location: 'pageToken' }] } });
      }
      const slice = changes.slice(from - 1, from - 1 + pageSize);
      const end = from - 1 + slice.length;
      const out = slice.map((c) => {
        const f = files.get(c.fileId);
        // A file moved somewhere the caller cannot see is reported as removed.
        const visible = f && (url.searchParams.get('driveId') ? f.driveId === url.searchParams.get('driveId') : !f.driveId || url.searchParams.get('includeItemsFromAllDrives') === 'true');
        return visible ? { kind: 'drive#change', changeType: 'file', fileId: c.fileId, removed: false, file: resource(f) } : { kind: 'drive#change', changeType: 'file', fileId: c.fileId, removed: true };
      });
      return sendJson(res, 200, { kind: 'drive#changeList', changes: out, ...(end < changes.length ? { nextPageToken: String(end + 1) } : { newStartPageToken: String(changes.length + 1) }) });
    }
    const m = /^\/drive\/v3\/files\/([^/]+)(\/export)?$/.exec(url.pathname);
    if (m) {
      const f = files.get(decodeURIComponent(m[1]!));
      if (!f) return sendJson(res, 404, { error: { code: 404, message: `File not found: ${m[1]}.`, errors: [{ reason: 'notFound', location: 'fileId' }] } });
      if (m[2]) {
        if (!isGoogleDoc(f.mimeType)) return sendJson(res, 403, { error: { code: 403, message: 'Export only supports Docs Editors files.', errors: [{ reason: 'fileNotExportable' }] } });
        res.writeHead(200, { 'content-type': url.searchParams.get('mimeType') ?? 'application/octet-stream' });
        return void res.end(f.content);
      }
      if (url.searchParams.get('alt') === 'media') {
        if (isGoogleDoc(f.mimeType)) return sendJson(res, 403, { error: { code: 403, message: 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', errors: [{ reason: 'fileNotDownloadable' }] } });
        res.writeHead(200, { 'content-type': f.mimeType });
        return void res.end(f.content);
      }
      return sendJson(res, 200, resource(f));
    }
    sendJson(res, 404, { error: { code: 404, message: 'Not Found' } });
  });

  const fake: FakeGoogleDrive = {
    url: server.url,
    token,
    oauth,
    files,
    requests,
    pageSize: 100,
    emptyFirstPage: false,
    add(f) {
      const id = f.id ?? `gfile${++counter}`;
      const file: FakeDriveFile = {
        id,
        name: f.name,
        mimeType: f.mimeType ?? 'text/plain',
        content: enc(f.content),
        modifiedTime: clock(),
        version: 1,
        trashed: false,
        driveId: f.driveId,
        owners: f.owners ?? ['owner@example.com'],
        sharedWith: f.sharedWith ?? [],
      };
      files.set(id, file);
      changes.push({ fileId: id });
      return file;
    },
    update(id, change) {
      const f = files.get(id)!;
      Object.assign(f, { ...change, content: change.content !== undefined ? enc(change.content) : f.content, version: f.version + 1, modifiedTime: clock() });
      changes.push({ fileId: id });
    },
    remove(id) {
      files.delete(id);
      changes.push({ fileId: id });
    },
    throttle(list) {
      throttles = [...list];
    },
    close: server.close,
  };
  return fake;
}
