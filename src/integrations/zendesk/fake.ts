import type { FastifyReply, FastifyRequest } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Zendesk Support API fake (developer.zendesk.com/api-reference/ticketing): `{ ticket }` / `{ tickets }` envelopes
 * under /api/v2; lists page by cursor (`page[size]`, `page[after]`, answered with `meta { has_more, after_cursor }`
 * and `links.next`), search by offset (`page`, `per_page`, absolute `next_page`). Errors: 401
 * `{ error: "Couldn't authenticate you" }`, `{ error, description }` for 403/404, 422 `RecordInvalid` with
 * `details.{field}[].description`, 429 with Retry-After.
 */
export interface ZendeskTicket {
  id: number;
  subject: string;
  description: string;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent' | null;
  tags: string[];
  requester_email: string | null;
  comments: { body: string; public: boolean }[];
  created_at: string;
  updated_at: string;
}
export interface ZendeskFake extends FakeService {
  tickets: ZendeskTicket[];
  /** Most items one page returns (Zendesk: 100); tests lower it to page. */
  pageCap: number;
  /** A ticket that arrived by mail or the web widget (as a trigger would see it). */
  addTicket(subject: string, body: string): ZendeskTicket;
}

export async function startZendeskFake(): Promise<ZendeskFake> {
  const state = { tickets: [] as ZendeskTicket[], pageCap: 100 };
  const add = (subject: string, body: string, extra: Partial<ZendeskTicket> = {}) => {
    const at = new Date(Date.now() + state.tickets.length * 1000).toISOString().replace(/\.\d{3}/, '');
    const t: ZendeskTicket = { id: state.tickets.length + 1, subject, description: body, status: 'new', priority: null, tags: [], requester_email: null, comments: [{ body, public: true }], created_at: at, updated_at: at, ...extra };
    state.tickets.push(t);
    return t;
  };
  for (let i = 1; i <= 5; i++) add(`Existing ticket ${i}`, `Help with thing ${i}`, { status: 'open' });
  const priorities = ['low', 'normal', 'high', 'urgent'];
  const statuses = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
  const invalid = (field: string, description: string) => ({ error: 'RecordInvalid', description: 'Record validation errors', details: { [field]: [{ description, error: 'InvalidValue' }] } });
  const notFound = { error: 'RecordNotFound', description: 'Not found' };

  const fake: ZendeskFake = Object.assign(
    await startFakeService({
      unauthorized: (reply) => reply.code(401).send({ error: "Couldn't authenticate you" }),
      routes(app, f) {
        const out = (t: ZendeskTicket) => ({ id: t.id, url: `${f.url}/api/v2/tickets/${t.id}.json`, subject: t.subject, raw_subject: t.subject, description: t.description, status: t.status, priority: t.priority, tags: t.tags, requester_id: t.requester_email ? 900 + t.id : 1, created_at: t.created_at, updated_at: t.updated_at, via: { channel: 'api' } });
        app.get('/api/v2/users/me', async () => ({ user: { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', role: 'admin' } }));
        app.post('/api/v2/tickets', async (req, reply) => {
          const t = (req.body as { ticket?: { subject?: string; comment?: { body?: string }; priority?: string; tags?: string[]; requester?: { email?: string } } }).ticket;
          if (!t) return reply.code(400).send({ error: 'InvalidEndpoint', description: 'ticket parameter is missing' });
          if (!t.comment?.body) return reply.code(422).send(invalid('description', 'Description: cannot be blank'));
          if (t.priority && !priorities.includes(t.priority)) return reply.code(422).send(invalid('priority', `Priority: ${t.priority} is not valid`));
          const ticket = add(t.subject ?? t.comment.body.slice(0, 50), t.comment.body, { priority: (t.priority as ZendeskTicket['priority']) ?? null, tags: t.tags ?? [], requester_email: t.requester?.email ?? null });
          return reply.code(201).send({ ticket: out(ticket), audit: { id: 1 } });
        });
        app.get('/api/v2/tickets/:id', async (req, reply) => {
          const t = state.tickets.find((x) => x.id === Number((req.params as { id: string }).id.replace(/\.json$/, '')));
          return t ? { ticket: out(t) } : reply.code(404).send(notFound);
        });
        app.put('/api/v2/tickets/:id', async (req, reply) => {
          const id = Number((req.params as { id: string }).id.replace(/\.json$/, ''));
          if (id === 403) return reply.code(403).send({ error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' });
          const t = state.tickets.find((x) => x.id === id);
          if (!t) return reply.code(404).send(notFound);
          const u = (req.body as { ticket?: { status?: string; priority?: string; subject?: string; tags?: string[]; comment?: { body?: string; public?: boolean } } }).ticket ?? {};
          if (u.status && !statuses.includes(u.status)) return reply.code(422).send(invalid('status', `Status: ${u.status} is not valid`));
          if (u.status) t.status = u.status as ZendeskTicket['status'];
          if (u.priority) t.priority = u.priority as ZendeskTicket['priority'];
          if (u.subject) t.subject = u.subject;
          if (u.tags) t.tags = u.tags;
          if (u.comment?.body) t.comments.push({ body: u.comment.body, public: u.comment.public ?? true });
          t.updated_at = new Date().toISOString().replace(/\.\d{3}/, '');
          return { ticket: out(t), audit: { id: 2 } };
        });
        const listTickets = async (req: FastifyRequest) => {
          const q = req.query as Record<string, string>;
          const size = Math.min(Number(q['page[size]'] ?? 100), fake.pageCap);
          const list = q['sort'] === '-id' ? [...state.tickets].reverse() : state.tickets;
          const after = q['page[after]'];
          const start = after ? list.findIndex((t) => String(t.id) === Buffer.from(after, 'base64url').toString()) + 1 : 0;
          const page = list.slice(start, start + size);
          const hasMore = start + size < list.length;
          const cursor = page.length ? Buffer.from(String(page.at(-1)!.id)).toString('base64url') : null;
          const next = new URL('/api/v2/tickets.json', f.url);
          next.searchParams.set('page[size]', String(size));
          if (q['sort']) next.searchParams.set('sort', q['sort']);
          if (cursor) next.searchParams.set('page[after]', cursor);
          return { tickets: page.map(out), meta: { has_more: hasMore, after_cursor: cursor, before_cursor: null }, links: { next: hasMore ? next.href : null, prev: null } };
        };
        // Zendesk answers with and without the `.json` suffix; its own next links carry it.
        app.get('/api/v2/tickets', listTickets);
        app.get('/api/v2/tickets.json', listTickets);
        const search = async (req: FastifyRequest, reply: FastifyReply) => {
          const q = req.query as { query?: string; page?: string; per_page?: string };
          if (!q.query) return reply.code(400).send({ error: 'InvalidSearchQuery', description: 'query parameter is missing' });
          const words = q.query.split(/\s+/).filter((w) => w && w !== 'type:ticket');
          const status = words.find((w) => w.startsWith('status:'))?.slice(7);
          if (status && !statuses.includes(status)) return reply.code(422).send({ error: 'unprocessable_entity', description: `Invalid status: ${status}` });
          const text = words.filter((w) => !w.includes(':')).join(' ').toLowerCase();
          const hits = state.tickets.filter((t) => (!status || t.status === status) && (!text || `${t.subject} ${t.description}`.toLowerCase().includes(text)));
          const per = Math.min(Number(q.per_page ?? 100), fake.pageCap);
          const page = Math.max(1, Number(q.page ?? 1));
          const more = page * per < hits.length;
          const next = new URL('/api/v2/search.json', f.url);
          next.searchParams.set('query', q.query);
          next.searchParams.set('page', String(page + 1));
          next.searchParams.set('per_page', String(per));
          return { results: hits.slice((page - 1) * per, page * per).map((t) => ({ ...out(t), result_type: 'ticket' })), count: hits.length, next_page: more ? next.href : null, previous_page: null };
        };
        app.get('/api/v2/search', search);
        app.get('/api/v2/search.json', search);
      },
    }),
    { ...state, addTicket: (subject: string, body: string) => add(subject, body) },
  );
  return fake;
}
