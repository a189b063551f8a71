import { startFakeService, type FakeService } from '../kit/fake-service.js';

/**
 * Microsoft Graph v1.0 fake for OneDrive items, Outlook mail and calendarView, and Teams channel messages
 * joinedTeams, and a team's channels with $select and a membershipType $filter (one page, as Graph answers them)
 * (learn.microsoft.com/graph/api/overview): `{ value, @odata.nextLink }` paging, delta links, `{ error: { code,
 * message } }` errors, 401 InvalidAuthenticationToken, 429 with Retry-After, sendMail answering 202.
 */
export interface GraphFake extends FakeService {
  items: { id: string; name: string; parent: string; folder?: boolean; content?: string; lastModifiedDateTime: string; version: number }[];
  sentMail: unknown[];
  events: { id: string; subject: string; start: string; end: string }[];
  teamMessages: { path: string; body: unknown }[];
  teams: { id: string; displayName: string; description: string | null; isArchived: boolean; tenantId: string }[];
  channels: { id: string; displayName: string; description: string | null; membershipType: string; webUrl: string; createdDateTime: string; email: string }[];
  invites: unknown[];
}

const graphError = (code: string, message: string) => ({ error: { code, message, innerError: { 'request-id': 'fake', date: new Date().toISOString() } } });

export async function startGraphFake(): Promise<GraphFake> {
  const state = {
    items: [
      { id: 'folder-1', name: 'Reports', parent: 'root', folder: true, lastModifiedDateTime: '2026-01-01T00:00:00Z', version: 1 },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, name: `file-${i}.txt`, parent: 'folder-1', content: `content ${i}`, lastModifiedDateTime: `2026-01-0${i + 1}T00:00:00Z`, version: 1 })),
    ] as GraphFake['items'],
    sentMail: [] as unknown[],
    events: Array.from({ length: 3 }, (_, i) => ({ id: `ev${i}`, subject: `Sync ${i}`, start: new Date(Date.now() + (i + 1) * 3_600_000).toISOString(), end: new Date(Date.now() + (i + 2) * 3_600_000).toISOString() })),
    teamMessages: [] as GraphFake['teamMessages'],
    teams: [
      { id: 'team-1', displayName: 'Engineering', description: 'Builds things', isArchived: false, tenantId: 't1' },
      { id: 'team-2', displayName: 'Old project', description: null, isArchived: true, tenantId: 't1' },
    ],
    channels: [
      { id: '19:general@thread.tacv2', displayName: 'General', description: 'Everyone', membershipType: 'standard', webUrl: 'https://teams.microsoft.com/l/channel/general', createdDateTime: '2025-01-01T00:00:00Z', email: 'general@contoso.com' },
      { id: '19:secret@thread.tacv2', displayName: 'Leads', description: null, membershipType: 'private', webUrl: 'https://teams.microsoft.com/l/channel/leads', createdDateTime: '2025-02-01T00:00:00Z', email: '' },
    ],
    invites: [] as unknown[],
  };
  let deltaVersion = 0;
  let clock = 1000; // every change gets a newer version, as delta tokens order changes
  const asItem = (i: GraphFake['items'][number], base: string) => ({
    id: i.id,
    name: i.name,
    lastModifiedDateTime: i.lastModifiedDateTime,
    webUrl: `https://onedrive.example/${i.id}`,
    parentReference: { id: i.parent },
    ...(i.folder ? { folder: { childCount: state.items.filter((c) => c.parent === i.id).length } } : { file: { mimeType: 'text/plain' }, size: i.content?.length ?? 0 }),
    '@fake.base': base,
  });

  const fake = await startFakeService({
    unauthorized: (reply) => reply.code(401).send(graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.')),
    routes(app) {
      app.route({
        method: ['GET', 'POST', 'PUT'],
        url: '/v1.0/*',
        handler: async (req, reply) => {
          const url = new URL(req.url, fake.url);
          const base = `${fake.url}/v1.0`;
          const path = decodeURIComponent(url.pathname.slice('/v1.0/'.length));
          const q = url.searchParams;
          const itemRef = (ref: string) => (ref === 'root' ? 'root' : ref);
          let m: RegExpExecArray | null;
          if (path === 'me') return { userPrincipalName: 'me@contoso.com', mail: 'me@contoso.com' };
          if ((m = /^me\/drive\/(?:root|items\/([^/:]+))\/children$/.exec(path))) {
            const parent = m[1] ?? 'root';
            if (parent !== 'root' && !state.items.some((i) => i.id === parent)) return reply.code(404).send(graphError('itemNotFound', 'The resource could not be found.'));
            const all = state.items.filter((i) => i.parent === itemRef(parent));
            const skip = Number(q.get('$skiptoken') ?? 0);
            const page = all.slice(skip, skip + 2);
            return { value: page.map((i) => asItem(i, base)), ...(skip + 2 < all.length ? { '@odata.nextLink': `${base}/${path}?$skiptoken=${skip + 2}` } : {}) };
          }
          if ((m = /^me\/drive\/(?:root|items\/([^/:]+))\/delta$/.exec(path))) {
            const parent = m[1] ?? 'root';
            const since = Number(q.get('token') ?? -1);
            const changed = state.items.filter((i) => i.parent === parent && i.version > since);
            deltaVersion = Math.max(deltaVersion, ...state.items.map((i) => i.version));
            return { value: changed.map((i) => asItem(i, base)), '@odata.deltaLink': `${base}/${path}?token=${deltaVersion}` };
          }
          if ((m = /^me\/drive\/(?:root|items\/([^/:]+)):\/([^:]+):\/content$/.exec(path)) && req.method === 'PUT') {
            const parent = m[1] ?? 'root';
            const name = m[2]!;
            const existing = state.items.find((i) => i.parent === parent && i.name === name);
            if (existing && q.get('@microsoft.graph.conflictBehavior') === 'fail') return reply.code(409).send(graphError('nameAlreadyExists', 'The specified item name already exists.'));
            const content = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : String(req.body ?? '');
            const item = existing ?? { id: `i${state.items.length + 10}`, name, parent, lastModifiedDateTime: '', version: 0 };
            Object.assign(item, { content, lastModifiedDateTime: new Date().toISOString(), version: ++clock });
            if (!existing) state.items.push(item);
            return reply.code(existing ? 200 : 201).send(asItem(item, base));
          }
          if ((m = /^me\/drive\/items\/([^/:]+)(\/content|\/createLink|\/invite)?$/.exec(path))) {
            const item = state.items.find((i) => i.id === m![1]);
            if (!item) return reply.code(404).send(graphError('itemNotFound', 'The resource could not be found.'));
            if (m[2] === '/content') return reply.type('text/plain').send(item.content ?? '');
            if (m[2] === '/createLink') return { id: 'perm1', link: { type: (req.body as { type: string }).type, webUrl: `https://1drv.ms/${item.id}` } };
            if (m[2] === '/invite') {
              state.invites.push(req.body);
              return { value: [{ id: 'perm2', roles: (req.body as { roles: string[] }).roles }] };
            }
            return asItem(item, base);
          }
          if (path === 'me/sendMail' && req.method === 'POST') {
            const b = req.body as { message?: { toRecipients?: unknown[] } };
            if (!b.message?.toRecipients?.length) return reply.code(400).send(graphError('ErrorInvalidRecipients', 'At least one recipient is not valid.'));
            state.sentMail.push(b);
            return reply.code(202).send();
          }
          if (path === 'me/calendarView') {
            const start = Date.parse(q.get('startDateTime') ?? '');
            const end = Date.parse(q.get('endDateTime') ?? '');
            if (Number.isNaN(start) || Number.isNaN(end)) return reply.code(400).send(graphError('ErrorInvalidParameter', 'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.'));
            const all = state.events.filter((e) => Date.parse(e.end) > start && Date.parse(e.start) < end);
            const skip = Number(q.get('$skip') ?? 0);
            const page = all.slice(skip, skip + 2);
            // Prefer: outlook.timezone="UTC" → dateTime without offset, timeZone UTC.
            return {
              value: page.map((e) => ({ id: e.id, subject: e.subject, isAllDay: false, start: { dateTime: e.start.replace('Z', '0000'), timeZone: 'UTC' }, end: { dateTime: e.end.replace('Z', '0000'), timeZone: 'UTC' }, attendees: [] })),
              ...(skip + 2 < all.length ? { '@odata.nextLink': `${base}/me/calendarView?startDateTime=${q.get('startDateTime')}&endDateTime=${q.get('endDateTime')}&$skip=${skip + 2}` } : {}),
            };
          }
          if (path === 'me/joinedTeams' && req.method === 'GET') return { '@odata.context': `${base}/$metadata#teams`, value: state.teams };
          if ((m = /^teams\/([^/]+)\/channels$/.exec(path)) && req.method === 'GET') {
            if (!state.teams.some((t) => t.id === m![1])) return reply.code(404).send(graphError('NotFound', `No team found with Group Id ${m[1]}`));
            const filter = /^membershipType eq '(\w+)'$/.exec(q.get('$filter') ?? '');
            if (q.get('$filter') && !filter) return reply.code(400).send(graphError('BadRequest', 'Invalid filter clause'));
            const select = q.get('$select')?.split(',');
            const all = state.channels.filter((c) => !filter || c.membershipType === filter[1]);
            return { '@odata.context': `${base}/$metadata#teams('${m[1]}')/channels`, value: all.map((c) => (select ? Object.fromEntries(Object.entries(c).filter(([k]) => select.includes(k))) : c)) };
          }
          if ((m = /^teams\/([^/]+)\/channels\/([^/]+)\/messages(?:\/([^/]+)\/replies)?$/.exec(path)) && req.method === 'POST') {
            if (m[1] !== 'team-1') return reply.code(404).send(graphError('NotFound', 'No team found with Group Id team-x'));
            state.teamMessages.push({ path, body: req.body });
            return reply.code(201).send({ id: `msg${state.teamMessages.length}`, webUrl: `https://teams.microsoft.com/l/message/${m[2]}/msg${state.teamMessages.length}` });
          }
          return reply.code(400).send(graphError('BadRequest', `Unsupported fake path ${path}`));
        },
      });
    },
  });
  return Object.assign(fake, state);
}
