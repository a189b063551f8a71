import { startFakeService, type FakeService } from '../kit/fake-service.js';

/**
 * Microsoft Graph v1.0 mail folders fake (learn.microsoft.com/graph/api/mailfolder-list-messages): GET
 * /me/mailFolders/{well-known name or id}/messages with $top (pages via `@odata.nextLink`), $select, $orderby,
 * $filter (`isRead eq true|false` only) and $search ("…", never with $filter); `{ error: { code, message } }`
 * errors (404 ErrorItemNotFound for an unknown folder, 400 for an unsupported query), 401 InvalidAuthenticationToken.
 * Kept apart from server.ts so the mail contract can grow without touching the drive and Teams routes.
 */
export interface GraphMailFake extends FakeService {
  messages: { id: string; folder: string; subject: string; from: { name: string; address: string }; receivedDateTime: string; bodyPreview: string; isRead: boolean }[];
}

const graphError = (code: string, message: string) => ({ error: { code, message, innerError: { 'request-id': 'fake', date: new Date().toISOString() } } });
const folders = new Map([
  ['inbox', 'AAMkInbox'],
  ['archive', 'AAMkArchive'],
  ['sentitems', 'AAMkSent'],
]);

export async function startGraphMailFake(): Promise<GraphMailFake> {
  const state = {
    messages: [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `m${i}`, folder: 'AAMkInbox', subject: i === 3 ? 'Invoice 42' : `Hello ${i}`, from: { name: `Sender ${i}`, address: `s${i}@example.com` }, receivedDateTime: `2026-01-0${i + 1}T09:00:00Z`, bodyPreview: `Preview ${i}`, isRead: i % 2 === 0 })),
      { id: 'a0', folder: 'AAMkArchive', subject: 'Old news', from: { name: 'Ada', address: 'ada@example.com' }, receivedDateTime: '2025-06-01T09:00:00Z', bodyPreview: 'Archived', isRead: true },
    ] as GraphMailFake['messages'],
  };
  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send(graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.')),
    routes(app) {
      app.get('/v1.0/me/mailFolders/:folder/messages', async (req, reply) => {
        const ref = (req.params as { folder: string }).folder;
        const folderId = folders.get(ref.toLowerCase()) ?? ([...folders.values()].includes(ref) ? ref : undefined);
        if (!folderId) return reply.code(404).send(graphError('ErrorItemNotFound', 'The specified object was not found in the store.'));
        const q = new URL(req.url, fake.url).searchParams;
        const search = q.get('$search');
        const filter = q.get('$filter');
        if (search && (filter || q.get('$orderby'))) return reply.code(400).send(graphError('ErrorInvalidUrlQuery', 'The query parameter \'$orderby\' or \'$filter\' is invalid with $search.'));
        const read = filter ? /^isRead eq (true|false)$/.exec(filter) : null;
        if (filter && !read) return reply.code(400).send(graphError('ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.'));
        const term = search ? /^"(.*)"$/.exec(search)?.[1]?.toLowerCase() : undefined;
        if (search && term === undefined) return reply.code(400).send(graphError('BadRequest', 'Syntax error: character \'"\' is not valid.'));
        const all = state.messages
          .filter((m) => m.folder === folderId && (!read || String(m.isRead) === read[1]) && (!term || `${m.subject} ${m.bodyPreview} ${m.from.address}`.toLowerCase().includes(term)))
          .sort((a, b) => (q.get('$orderby') === 'receivedDateTime desc' ? b.receivedDateTime.localeCompare(a.receivedDateTime) : 0));
        // Graph pages at most $top (default 10); 2 here so paging is exercised.
        const top = Math.min(Number(q.get('$top') ?? 10), 2);
        const skip = Number(q.get('$skip') ?? 0);
        const select = q.get('$select')?.split(',');
        const value = all.slice(skip, skip + top).map(({ folder, from, ...m }) => ({ ...m, parentFolderId: folder, from: { emailAddress: from }, hasAttachments: false, webLink: `https://outlook.office365.com/owa/?ItemID=${m.id}` }));
        const next = new URLSearchParams(q);
        next.set('$skip', String(skip + top));
        return {
          value: value.map((m) => (select ? Object.fromEntries(Object.entries(m).filter(([k]) => select.includes(k))) : m)),
          ...(skip + top < all.length ? { '@odata.nextLink': `${fake.url}/v1.0/me/mailFolders/${ref}/messages?${next.toString()}` } : {}),
        };
      });
    },
  });
  return Object.assign(fake, state);
}
