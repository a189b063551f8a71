import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Mailchimp Marketing API 3.0 fake (mailchimp.com/developer/marketing/api): OAuth access token as Bearer; errors are
 * problem details `{ type, title, status, detail, instance }` (401 "API Key Invalid", 404 "Resource Not Found",
 * 400 "Invalid Resource" with `errors: [{ field, message }]`, 429 "Too Many Requests" with Retry-After). Collections
 * page with `count` (default 10, ≤ 1000) and `offset` and carry `total_items`; a member is addressed by the MD5 of
 * its lower-cased email; `PUT .../members/{hash}` adds or updates (`status_if_new`); members filter by `status`,
 * `since_timestamp_opt` and sort by `sort_field=timestamp_opt` / `sort_dir`.
 */
export interface MailchimpMember { id: string; email_address: string; status: string; merge_fields: Record<string, unknown>; tags: { id: number; name: string }[]; timestamp_signup: string; timestamp_opt: string; last_changed: string; list_id: string }
export interface MailchimpFake extends FakeService {
  lists: { id: string; name: string; date_created: string }[];
  members: MailchimpMember[];
  subscribe(listId: string, email: string): MailchimpMember;
}

export const NEWSLETTER = 'a1b2c3d4e5';
const hash = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');
const problem = (reply: FastifyReply, status: number, title: string, detail: string, extra: Record<string, unknown> = {}) =>
  reply.code(status).type('application/problem+json').send({ type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'f1e2d3c4-0000-4000-8000-000000000000', ...extra });

export async function startMailchimpFake(): Promise<MailchimpFake> {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  let clock = 0;
  const stamp = () => new Date(t0 + clock++ * 1000).toISOString().replace('.000Z', '+00:00');
  const lists = Array.from({ length: 130 }, (_, i) => ({ id: i === 0 ? NEWSLETTER : `l${String(i).padStart(9, '0')}`, name: i === 0 ? 'Newsletter' : `Audience ${i}`, date_created: stamp() }));
  const members: MailchimpMember[] = [];
  const subscribe = (listId: string, email: string, status = 'subscribed') => {
    const at = stamp();
    const m: MailchimpMember = { id: hash(email), email_address: email, status, merge_fields: { FNAME: '', LNAME: '' }, tags: [], timestamp_signup: at, timestamp_opt: status === 'subscribed' ? at : '', last_changed: at, list_id: listId };
    members.push(m);
    return m;
  };
  for (let i = 1; i <= 230; i++) subscribe(NEWSLETTER, `reader${i}@example.com`, i % 10 === 0 ? 'unsubscribed' : 'subscribed');
  const page = <T>(q: Record<string, string | undefined>, all: T[]) => {
    const count = Number(q['count'] ?? 10);
    const offset = Number(q['offset'] ?? 0);
    return { items: all.slice(offset, offset + Math.min(count, 1000)), total: all.length, bad: !Number.isInteger(count) || count < 0 };
  };
  const fake = await startFakeService({
    unauthorized: (reply) => problem(reply, 401, 'API Key Invalid', 'Your API key may be invalid, or you\u2019ve attempted to access the wrong datacenter.'),
    tokenPath: '/oauth2/token',
    routes(app) {
      app.get('/3.0/', async () => ({ account_id: 'acc123', account_name: 'Atom', email: 'ada@atom.example' }));
      app.get('/3.0/lists', async (req, reply) => {
        const p = page(req.query as Record<string, string>, lists);
        if (p.bad) return problem(reply, 400, 'Invalid Resource', 'The resource submitted could not be validated.');
        return { lists: p.items.map((l) => ({ ...l, stats: { member_count: members.filter((m) => m.list_id === l.id && m.status === 'subscribed').length } })), total_items: p.total };
      });
      const list = (id: string) => lists.find((l) => l.id === id);
      app.get('/3.0/lists/:listId/members', async (req, reply) => {
        const { listId } = req.params as { listId: string };
        if (!list(listId)) return problem(reply, 404, 'Resource Not Found', 'The requested resource could not be found.');
        const q = req.query as Record<string, string | undefined>;
        let all = members.filter((m) => m.list_id === listId && (!q['status'] || m.status === q['status']));
        if (q['since_timestamp_opt']) all = all.filter((m) => m.timestamp_opt && m.timestamp_opt >= q['since_timestamp_opt']!);
        if (q['sort_field'] === 'timestamp_opt') all = [...all].sort((a, b) => a.timestamp_opt.localeCompare(b.timestamp_opt) * (q['sort_dir'] === 'DESC' ? -1 : 1));
        const p = page(q, all);
        return { members: p.items, list_id: listId, total_items: p.total };
      });
      app.get('/3.0/lists/:listId/members/:hash', async (req, reply) => {
        const { listId, hash: h } = req.params as { listId: string; hash: string };
        const m = members.find((x) => x.list_id === listId && x.id === h.toLowerCase());
        if (!list(listId) || !m) return problem(reply, 404, 'Resource Not Found', 'The requested resource could not be found.');
        return m;
      });
      app.put('/3.0/lists/:listId/members/:hash', async (req, reply) => {
        const { listId, hash: h } = req.params as { listId: string; hash: string };
        if (!list(listId)) return problem(reply, 404, 'Resource Not Found', 'The requested resource could not be found.');
        const b = (req.body ?? {}) as { email_address?: string; status_if_new?: string; status?: string; merge_fields?: Record<string, unknown> };
        if (!b.email_address || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.email_address)) return problem(reply, 400, 'Invalid Resource', 'The resource submitted could not be validated.', { errors: [{ field: 'email_address', message: 'This value should be a valid email.' }] });
        if (hash(b.email_address) !== h) return problem(reply, 400, 'Invalid Resource', 'The subscriber hash does not match the email address.');
        if (b.email_address.endsWith('@fake.invalid')) return problem(reply, 400, 'Invalid Resource', `${b.email_address} looks fake or invalid, please enter a real email address.`);
        let m = members.find((x) => x.list_id === listId && x.id === h);
        if (!m) m = subscribe(listId, b.email_address.toLowerCase(), b.status ?? b.status_if_new ?? 'subscribed');
        else if (b.status) {
          m.status = b.status;
          if (b.status === 'subscribed' && !m.timestamp_opt) m.timestamp_opt = stamp();
        }
        Object.assign(m.merge_fields, b.merge_fields ?? {});
        m.last_changed = stamp();
        return m;
      });
    },
  });
  return Object.assign(fake, { lists, members, subscribe: (listId: string, email: string) => subscribe(listId, email) });
}
