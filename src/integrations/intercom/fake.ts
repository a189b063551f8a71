import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Intercom REST API fake (developers.intercom.com/docs/references/rest-api/api.intercom.io, version 2.11):
 * contacts (POST/GET/PUT `/contacts[/{id}]`, POST `/contacts/search` with `query` + `pagination.per_page`/
 * `starting_after`, answered `{ type: 'list', data, total_count, pages: { next: { page, starting_after } } }`),
 * conversations (GET `/conversations?per_page&starting_after`, POST `/conversations` from a contact answering a
 * `user_message`, POST `/conversations/{id}/reply`), `/me`; times in Unix seconds; errors
 * `{ type: 'error.list', request_id, errors: [{ code, message }] }` (401 unauthorized, 404 not_found,
 * 400 parameter_invalid / parameter_not_found); 429 with Retry-After.
 */
export interface IcContact { type: 'contact'; id: string; workspace_id: string; role: 'user' | 'lead'; email: string | null; name: string | null; phone: string | null; external_id: string | null; created_at: number; updated_at: number }
export interface IcConversation { id: string; created_at: number; updated_at: number; title: string | null; state: 'open' | 'closed' | 'snoozed'; contactId: string; body: string; authorType: string; parts: { type: string; admin: string; body: string }[] }
export interface IntercomFake extends FakeService {
  contacts: IcContact[];
  conversations: IcConversation[];
  addConversation(contactId: string, body: string): IcConversation;
}

const fail = (reply: FastifyReply, status: number, code: string, message: string) => reply.code(status).send({ type: 'error.list', request_id: 'req-fake', errors: [{ code, message }] });

export async function startIntercomFake(): Promise<IntercomFake> {
  const contacts: IcContact[] = [];
  const conversations: IcConversation[] = [];
  let clock = 1_760_000_000;
  let n = 0;
  const addContact = (c: Partial<IcContact>) => {
    const t = ++clock;
    const x: IcContact = { type: 'contact', id: `6643${(++n).toString(16).padStart(20, '0')}`, workspace_id: 'ws1', role: 'user', email: null, name: null, phone: null, external_id: null, created_at: t, updated_at: t, ...c };
    contacts.push(x);
    return x;
  };
  let convN = 1000;
  const addConversation = (contactId: string, body: string) => {
    const t = ++clock;
    const c: IcConversation = { id: String(++convN), created_at: t, updated_at: t, title: null, state: 'open', contactId, body, authorType: 'user', parts: [] };
    conversations.push(c);
    return c;
  };
  for (let i = 1; i <= 160; i++) addContact({ email: `person${i}@example.com`, name: `Person ${i}`, ...(i % 2 ? {} : { role: 'lead' }) });
  for (let i = 1; i <= 3; i++) addConversation(contacts[i - 1]!.id, `Question ${i}`);
  const convOut = (c: IcConversation) => ({
    type: 'conversation', id: c.id, created_at: c.created_at, updated_at: c.updated_at, title: c.title, state: c.state, open: c.state === 'open', read: false,
    source: { type: 'conversation', id: `src${c.id}`, delivered_as: 'customer_initiated', subject: '', body: c.body, author: { type: c.authorType, id: c.contactId, name: null, email: null } },
    contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: c.contactId, external_id: null }] },
    conversation_parts: { type: 'conversation_part.list', conversation_parts: c.parts.map((p, i) => ({ type: 'conversation_part', id: `${c.id}-${i}`, part_type: p.type, body: p.body, author: { type: 'admin', id: p.admin } })), total_count: c.parts.length },
  });
  // Cursor pages: `starting_after` is an opaque token naming the offset (Intercom's are opaque too).
  const pageOf = <T>(all: T[], perPage: number, after: string | undefined) => {
    const from = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const slice = all.slice(from, from + perPage);
    const more = from + perPage < all.length;
    const page = Math.floor(from / perPage) + 1;
    return { slice, pages: { type: 'pages', page, per_page: perPage, total_pages: Math.ceil(all.length / perPage), ...(more ? { next: { page: page + 1, starting_after: Buffer.from(String(from + perPage)).toString('base64url') } } : {}) } };
  };
  const badPerPage = (v: unknown, max: number) => v !== undefined && (!Number.isInteger(Number(v)) || Number(v) < 1 || Number(v) > max);

  const fake = await startFakeService({
    tokenPath: '/auth/eagle/token',
    unauthorized: (reply) => fail(reply, 401, 'unauthorized', 'Access Token Invalid'),
    routes(app) {
      app.get('/me', async () => ({ type: 'admin', id: '991', name: 'Ada Lovelace', email: 'ada@example.com', app: { type: 'app', id_code: 'abc123' } }));
      app.post('/contacts', async (req, reply) => {
        const b = (req.body ?? {}) as Partial<IcContact>;
        if (b.role !== undefined && b.role !== 'user' && b.role !== 'lead') return fail(reply, 400, 'parameter_invalid', 'Role must be user or lead');
        if (!b.email && !b.external_id && !b.phone && b.role !== 'lead') return fail(reply, 400, 'parameter_not_found', 'requires email, external_id or role lead');
        return addContact({ role: b.role ?? 'user', email: b.email ?? null, name: b.name ?? null, phone: b.phone ?? null, external_id: b.external_id ?? null });
      });
      app.get('/contacts/:id', async (req, reply) => contacts.find((c) => c.id === (req.params as { id: string }).id) ?? fail(reply, 404, 'not_found', 'User Not Found'));
      app.put('/contacts/:id', async (req, reply) => {
        const c = contacts.find((x) => x.id === (req.params as { id: string }).id);
        if (!c) return fail(reply, 404, 'not_found', 'User Not Found');
        const b = (req.body ?? {}) as Partial<IcContact>;
        if (b.role !== undefined && b.role !== 'user' && b.role !== 'lead') return fail(reply, 400, 'parameter_invalid', 'Role must be user or lead');
        for (const k of ['role', 'email', 'name', 'phone', 'external_id'] as const) if (b[k] !== undefined) Object.assign(c, { [k]: b[k] });
        c.updated_at = ++clock;
        return c;
      });
      app.post('/contacts/search', async (req, reply) => {
        const b = (req.body ?? {}) as { query?: { field?: string; operator?: string; value?: string }; pagination?: { per_page?: number; starting_after?: string } };
        const q = b.query;
        if (!q?.field || !q.operator || q.value === undefined) return fail(reply, 400, 'parameter_invalid', 'query is invalid');
        if (!['=', '~', '!=', '!~'].includes(q.operator)) return fail(reply, 400, 'parameter_invalid', `Operator ${q.operator} is not supported`);
        if (badPerPage(b.pagination?.per_page, 150)) return fail(reply, 400, 'parameter_invalid', 'per_page must be between 1 and 150');
        const value = String(q.value);
        const field = q.field as keyof IcContact;
        const hits = contacts.filter((c) => {
          const v = c[field] === null || c[field] === undefined ? '' : String(c[field]);
          return q.operator === '=' ? v === value : q.operator === '!=' ? v !== value : q.operator === '~' ? v.includes(value) : !v.includes(value);
        });
        const { slice, pages } = pageOf(hits, Number(b.pagination?.per_page ?? 50), b.pagination?.starting_after);
        return { type: 'list', data: slice, total_count: hits.length, pages };
      });
      app.get('/conversations', async (req, reply) => {
        const q = req.query as { per_page?: string; starting_after?: string };
        if (badPerPage(q.per_page, 150)) return fail(reply, 400, 'parameter_invalid', 'per_page must be between 1 and 150');
        // Most recently updated first.
        const all = [...conversations].sort((a, b) => b.updated_at - a.updated_at || Number(b.id) - Number(a.id));
        const { slice, pages } = pageOf(all, Number(q.per_page ?? 20), q.starting_after);
        return { type: 'conversation.list', conversations: slice.map(convOut), total_count: all.length, pages };
      });
      app.post('/conversations', async (req, reply) => {
        const b = (req.body ?? {}) as { from?: { type?: string; id?: string }; body?: string };
        if (!b.from?.id || !['user', 'lead', 'contact'].includes(b.from.type ?? '')) return fail(reply, 400, 'parameter_invalid', 'from is invalid');
        if (!b.body) return fail(reply, 400, 'parameter_not_found', 'body is required');
        if (!contacts.some((c) => c.id === b.from!.id)) return fail(reply, 404, 'not_found', 'User Not Found');
        const c = addConversation(b.from.id, b.body);
        return { type: 'user_message', id: `4030${c.id}`, created_at: c.created_at, body: c.body, message_type: 'inapp', conversation_id: c.id };
      });
      app.post('/conversations/:id/reply', async (req, reply) => {
        const c = conversations.find((x) => x.id === (req.params as { id: string }).id);
        if (!c) return fail(reply, 404, 'not_found', 'Resource Not Found');
        const b = (req.body ?? {}) as { message_type?: string; type?: string; admin_id?: string; body?: string };
        if (b.type !== 'admin' || !['comment', 'note'].includes(b.message_type ?? '')) return fail(reply, 400, 'parameter_invalid', 'message_type is invalid');
        if (b.admin_id !== '991') return fail(reply, 400, 'parameter_invalid', 'Admin not found');
        if (!b.body) return fail(reply, 400, 'parameter_not_found', 'body is required');
        c.parts.push({ type: b.message_type!, admin: b.admin_id, body: b.body });
        c.updated_at = ++clock;
        return convOut(c);
      });
    },
  });
  return Object.assign(fake, { contacts, conversations, addConversation });
}
