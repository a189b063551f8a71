import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Freshdesk API v2 fake (developers.freshdesk.com/api): Basic auth with the API key as user name (password `X`),
 * tickets as bare arrays paged with `page` + `per_page` (max 100) and a `Link: <...>; rel="next"` header while
 * more remain, `updated_since` + `order_by` / `order_type`, search at /search/tickets?query="field:value AND ..."
 * (`{ results, total }`, 30 a page, `page` 1-10), updates by PUT, errors `{ description, errors: [{ field, message, code }] }` (400),
 * `{ code: 'invalid_credentials', message }` (401), an empty 404.
 */
export interface FreshdeskTicket {
  id: number;
  subject: string;
  description_text: string;
  email: string;
  status: number;
  priority: number;
  tags: string[];
  created_at: string;
  updated_at: string;
}
export interface FreshdeskFake extends FakeService {
  tickets: FreshdeskTicket[];
  add(t: { subject: string; email?: string; description?: string; priority?: number; status?: number }): FreshdeskTicket;
}

const invalid = (reply: FastifyReply, errors: { field: string; message: string; code: string }[]) => reply.code(400).send({ description: 'Validation failed', errors });

export async function startFreshdeskFake(): Promise<FreshdeskFake> {
  const tickets: FreshdeskTicket[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const stamp = () => new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const add = (t: { subject: string; email?: string; description?: string; priority?: number; status?: number; tags?: string[] }): FreshdeskTicket => {
    const at = stamp();
    const ticket = { id: tickets.length + 1, subject: t.subject, description_text: t.description ?? '', email: t.email ?? 'customer@example.com', status: t.status ?? 2, priority: t.priority ?? 1, tags: t.tags ?? [], created_at: at, updated_at: at };
    tickets.push(ticket);
    return ticket;
  };
  const check = (b: Record<string, unknown>, creating: boolean) => {
    const errs: { field: string; message: string; code: string }[] = [];
    if (creating && !b['subject']) errs.push({ field: 'subject', message: 'It should be a/an String', code: 'missing_field' });
    if (creating && !b['email'] && !b['requester_id']) errs.push({ field: 'requester_id', message: 'Please fill at least 1 of requester_id, phone, email, twitter_id, facebook_id, unique_external_id fields', code: 'missing_field' });
    if (b['email'] !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(b['email']))) errs.push({ field: 'email', message: "It should be in the 'valid email address' format", code: 'invalid_value' });
    if (b['priority'] !== undefined && ![1, 2, 3, 4].includes(Number(b['priority']))) errs.push({ field: 'priority', message: 'It should be one of these values: 1,2,3,4', code: 'invalid_value' });
    if (b['status'] !== undefined && ![2, 3, 4, 5].includes(Number(b['status']))) errs.push({ field: 'status', message: 'It should be one of these values: 2,3,4,5', code: 'invalid_value' });
    return errs;
  };

  const fake = await startFakeService({
    readToken: (req) => {
      const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
      return m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':')[0] : undefined;
    },
    unauthorized: (reply) => reply.code(401).send({ code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' }),
    routes(app) {
      app.get('/api/v2/agents/me', async () => ({ id: 9, contact: { name: 'Ada Agent', email: 'agent@example.com' } }));
      app.get('/api/v2/tickets', async (req, reply) => {
        const q = req.query as Record<string, string>;
        const page = Number(q['page'] ?? 1);
        const perPage = Number(q['per_page'] ?? 30);
        if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return invalid(reply, [{ field: 'per_page', message: 'It should be a Positive Integer less than or equal to 100', code: 'invalid_value' }]);
        if (q['updated_since'] !== undefined && Number.isNaN(Date.parse(q['updated_since']))) return invalid(reply, [{ field: 'updated_since', message: 'It should be in the date format', code: 'invalid_value' }]);
        const since = q['updated_since'] ? Date.parse(q['updated_since']) : Number.NEGATIVE_INFINITY;
        const key = (q['order_by'] ?? 'created_at') as 'created_at' | 'updated_at';
        const rows = tickets.filter((t) => Date.parse(t.updated_at) >= since).sort((a, b) => a[key].localeCompare(b[key]) * (q['order_type'] === 'asc' ? 1 : -1));
        const slice = rows.slice((page - 1) * perPage, page * perPage);
        if (page * perPage < rows.length) {
          const next = new URL(`${fake.url}${req.url}`);
          next.searchParams.set('page', String(page + 1));
          reply.header('link', `<${next.toString()}>; rel="next"`);
        }
        return slice;
      });
      app.get('/api/v2/tickets/:id', async (req, reply) => tickets.find((t) => t.id === Number((req.params as { id: string }).id)) ?? reply.code(404).send());
      app.post('/api/v2/tickets', async (req, reply) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const errs = check(b, true);
        if (errs.length) return invalid(reply, errs);
        return reply.code(201).send(add({ subject: String(b['subject']), email: String(b['email']), description: String(b['description'] ?? ''), priority: Number(b['priority'] ?? 1), status: Number(b['status'] ?? 2), tags: (b['tags'] as string[] | undefined) ?? [] }));
      });
      app.put('/api/v2/tickets/:id', async (req, reply) => {
        const t = tickets.find((x) => x.id === Number((req.params as { id: string }).id));
        if (!t) return reply.code(404).send();
        const b = (req.body ?? {}) as Record<string, unknown>;
        const errs = check(b, false);
        if (errs.length) return invalid(reply, errs);
        for (const k of ['subject', 'status', 'priority', 'tags'] as const) if (b[k] !== undefined) Object.assign(t, { [k]: b[k] });
        if (b['description'] !== undefined) t.description_text = String(b['description']);
        t.updated_at = stamp();
        return t;
      });
      app.get('/api/v2/search/tickets', async (req, reply) => {
        const raw = (req.query as Record<string, string>)['query'] ?? '';
        const m = /^"(.*)"$/.exec(raw);
        const terms = m?.[1]?.split(/\s+AND\s+/).map((t) => /^(\w+):'?([^']*)'?$/.exec(t.trim()));
        if (!terms || terms.some((t) => !t)) return invalid(reply, [{ field: 'query', message: 'It should be a valid query in double quotes', code: 'invalid_value' }]);
        const page = Number((req.query as Record<string, string>)['page'] ?? 1);
        if (!Number.isInteger(page) || page < 1 || page > 10) return invalid(reply, [{ field: 'page', message: 'It should be a Positive Integer less than or equal to 10', code: 'invalid_value' }]);
        const results = tickets.filter((t) => terms.every((x) => (x![1] === 'tag' ? t.tags.includes(x![2]!) : String((t as unknown as Record<string, unknown>)[x![1]!] ?? '') === x![2])));
        // 30 results a page, at most 10 pages (developers.freshdesk.com/api/#filter_tickets).
        return { results: results.slice((page - 1) * 30, page * 30), total: results.length };
      });
    },
  });
  return Object.assign(fake, { tickets, add });
}
