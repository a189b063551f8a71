import { createHash } from 'node:crypto';
import { sendJson, startFakeServer } from '../kit/http-server.js';
import { fakeOAuthEndpoints, type FakeOAuthEndpoints } from '../kit/oauth-endpoints.js';

/**
 * A local fake of Microsoft Graph's OneDrive API, following the published contract where the sync relies
 * on it:
 * - `GET /v1.0/drives/{id}/root/delta` (and `/me/drive/root/delta`): pages of driveItems linked by
 *   `@odata.nextLink`, the last page carrying `@odata.deltaLink`; following a delta link returns the
 *   changes since, deleted items with a `deleted` facet, and an item may appear more than once.
 *   An expired token answers 410 Gone (`resyncRequired`) with a Location to enumerate again.
 * - `GET .../items/{id}/content`: 302 to a pre-authenticated URL that must be fetched WITHOUT the bearer
 *   token (the fake refuses it when one is sent).
 * - `GET .../items/{id}/permissions`: `grantedToV2` users and sharing links with a scope.
 * - 401 without the token; scripted 429/503 with Retry-After.
 * - `GET /v1.0/me`: the signed-in user (`id`, `displayName`, `mail`, `userPrincipalName`), i.e. the
 *   account the token was issued to (`oauth.account`, default alice@contoso.com).
 * - OAuth: `/oauth2/authorize` and `/oauth2/token` at `oauthUrl` issue tokens the API accepts.
 */
export interface FakeGraphItem {
  id: string;
  name: string;
  folder: string;
  mimeType: string;
  content: Uint8Array;
  lastModifiedDateTime: string;
  version: number;
  sharedWith: string[];
  /** Sharing link scope: 'anonymous' | 'organization'. */
  linkScope?: string | undefined;
}

export interface FakeMicrosoftGraph {
  url: string;
  token: string;
  oauth: FakeOAuthEndpoints;
  /** The server root, where the OAuth endpoints live (`url` is the Graph base, `/v1.0`). */
  oauthUrl: string;
  driveId: string;
  items: Map<string, FakeGraphItem>;
  requests: { path: string; authorization: string | undefined }[];
  add(i: Partial<Omit<FakeGraphItem, 'content'>> & { name: string; content: Uint8Array | string }): FakeGraphItem;
  update(id: string, change: Partial<Omit<FakeGraphItem, 'content'>> & { content?: Uint8Array | string }): void;
  remove(id: string): void;
  /** Delta links issued before now answer 410 Gone. */
  expireDeltaLinks(): void;
  throttle(list: { status: 429 | 503; retryAfter: string }[]): void;
  pageSize: number;
  /** Repeat the first item of each enumeration page at the end of the next page (allowed by the API). */
  repeatItems: boolean;
  close(): Promise<void>;
}

const enc = (s: Uint8Array | string) => (typeof s === 'string' ? new TextEncoder().encode(s) : s);

export async function startFakeMicrosoftGraph(options: { token?: string; driveId?: string; account?: string } = {}): Promise<FakeMicrosoftGraph> {
  const token = options.token ?? 'graph-token';
  const driveId = options.driveId ?? 'b!drive1';
  const items = new Map<string, FakeGraphItem>();
  const log: { id: string; deleted: boolean }[] = [];
  const requests: FakeMicrosoftGraph['requests'] = [];
  let epoch = 1;
  let throttles: { status: 429 | 503; retryAfter: string }[] = [];
  let counter = 0;
  let base = '';
  const oauth = fakeOAuthEndpoints('graph', token, { account: options.account ?? 'alice@contoso.com' });

  const resource = (i: FakeGraphItem) => ({
    id: i.id,
    name: i.name,
    eTag: `"{${i.id}},${i.version}"`,
    cTag: `"c:{${i.id}},${i.version}"`,
    size: i.content.byteLength,
    lastModifiedDateTime: i.lastModifiedDateTime,
    webUrl: `https://contoso.sharepoint.com/Documents/${i.folder ? `${i.folder}/` : ''}${encodeURIComponent(i.name)}`,
    // Delta omits parentReference.path (documented); only the drive and parent id are given.
    parentReference: { driveId, driveType: 'business', id: 'root' },
    file: { mimeType: i.mimeType, hashes: { quickXorHash: createHash('sha1').update(i.content).digest('base64') } },
    createdBy: { user: { email: 'owner@contoso.com', displayName: 'Owner' } },
  });

  const deltaPath = `/v1.0/drives/${driveId}/root/delta`;

  const server = await startFakeServer(async (req, res, url) => {
    if (await oauth.handle(req, res, url)) return;
    requests.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    if (url.pathname.startsWith('/download/')) {
      // Pre-authenticated download URL: a bearer token here is a leak, refuse it like a foreign host would.
      if (req.headers.authorization) return sendJson(res, 401, { error: { code: 'unauthenticated', message: 'Unexpected Authorization header' } });
      const item = items.get(decodeURIComponent(url.pathname.slice('/download/'.length)));
      if (!item || url.searchParams.get('sig') !== `v${item.version}`) return sendJson(res, 404, { error: { code: 'itemNotFound' } });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(item.content);
    }
    if (!oauth.accepts(req.headers.authorization)) return sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const t = throttles.shift();
    if (t) return sendJson(res, t.status, { error: { code: t.status === 429 ? 'activityLimitReached' : 'serviceNotAvailable', message: 'Throttled' } }, { 'retry-after': t.retryAfter });

    if (url.pathname === '/v1.0/me') {
      const upn = oauth.accountOf(req.headers.authorization)!;
      return sendJson(res, 200, { '@odata.context': `${base}/v1.0/$metadata#users/$entity`, id: `id-${upn}`, displayName: upn.split('@')[0], mail: upn, userPrincipalName: upn });
    }
    const path = url.pathname === '/v1.0/me/drive/root/delta' ? deltaPath : url.pathname;
    if (path === deltaPath) {
      const tokenParam = url.searchParams.get('token');
      const skip = url.searchParams.get('$skiptoken');
      const pageSize = fake.pageSize;
      const parsed = tokenParam === null ? undefined : /^e(\d+)-(\d+)$/.exec(tokenParam);
      if (tokenParam !== null) {
        if (!parsed || Number(parsed[1]) !== epoch) {
          return sendJson(res, 410, { error: { code: 'resyncRequired', message: 'Resync required. Replace any local items with the server\'s version (including deletes).' } }, { location: `${base}${deltaPath}` });
        }
      }
      // Enumeration (no token) lists every current item; a token lists the changes after it.
      let entries: { id: string; deleted: boolean }[];
      let position: number;
      if (tokenParam === null) {
        entries = [...items.keys()].map((id) => ({ id, deleted: false }));
        position = log.length;
      } else {
        const since = Number(parsed![2]);
        const latest = new Map<string, { id: string; deleted: boolean }>();
        for (const e of log.slice(since)) latest.set(e.id, e);
        entries = [...latest.values()];
        position = log.length;
      }
      const offset = skip ? Number(skip) : 0;
      const page = entries.slice(offset, offset + pageSize).map((e) => {
        const item = items.get(e.id);
        return e.deleted || !item ? { id: e.id, name: '', deleted: { state: 'deleted' }, parentReference: { driveId } } : resource(item);
      });
      if (fake.repeatItems && offset > 0 && entries[offset - pageSize]) {
        const again = items.get(entries[offset - pageSize]!.id);
        if (again) page.push(resource(again));
      }
      const nextOffset = offset + pageSize;
      const tokenPart = tokenParam === null ? '' : `token=${tokenParam}&`;
      return sendJson(res, 200, {
        '@odata.context': `${base}/v1.0/$metadata#Collection(driveItem)`,
        value: page,
        ...(nextOffset < entries.length ? { '@odata.nextLink': `${base}${deltaPath}?${tokenPart}$skiptoken=${nextOffset}` } : { '@odata.deltaLink': `${base}${deltaPath}?token=e${epoch}-${position}` }),
      });
    }
    const m = new RegExp(`^/v1.0/(?:drives/${driveId.replace(/[!]/g, '\\!')}|me/drive)/items/([^/]+)/(content|permissions)$`).exec(url.pathname);
    if (m) {
      const item = items.get(decodeURIComponent(m[1]!));
      if (!item) return sendJson(res, 404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
      if (m[2] === 'content') {
        res.writeHead(302, { location: `${base}/download/${encodeURIComponent(item.id)}?sig=v${item.version}` });
        return void res.end();
      }
      return sendJson(res, 200, {
        value: [
          { id: 'owner', roles: ['owner'], grantedToV2: { user: { email: 'owner@contoso.com' } } },
          ...item.sharedWith.map((email, n) => ({ id: `p${n}`, roles: ['read'], grantedToV2: { user: { email } } })),
          ...(item.linkScope ? [{ id: 'link', roles: ['read'], link: { scope: item.linkScope, type: 'view' } }] : []),
        ],
      });
    }
    sendJson(res, 404, { error: { code: 'itemNotFound', message: 'The resource could not be found.' } });
  });
  base = server.url;

  const fake: FakeMicrosoftGraph = {
    url: `${server.url}/v1.0`,
    token,
    oauth,
    oauthUrl: server.url,
    driveId,
    items,
    requests,
    pageSize: 50,
    repeatItems: false,
    add(i) {
      const id = i.id ?? `01ITEM${++counter}`;
      const item: FakeGraphItem = { id, name: i.name, folder: i.folder ?? '', mimeType: i.mimeType ?? 'text/plain', content: enc(i.content), lastModifiedDateTime: new Date(Date.UTC(2026, 1, 1) + log.length * 60_000).toISOString(), version: 1, sharedWith: i.sharedWith ?? [], linkScope: i.linkScope };
      items.set(id, item);
      log.push({ id, deleted: false });
      return item;
    },
    update(id, change) {
      const i = items.get(id)!;
      Object.assign(i, { ...change, content: change.content !== undefined ? enc(change.content) : i.content, version: i.version + 1, lastModifiedDateTime: new Date(Date.UTC(2026, 1, 1) + log.length * 60_000).toISOString() });
      log.push({ id, deleted: false });
    },
    remove(id) {
      items.delete(id);
      log.push({ id, deleted: true });
    },
    expireDeltaLinks() {
      epoch++;
    },
    throttle(list) {
      throttles = [...list];
    },
    close: server.close,
  };
  return fake;
}
