import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Pipedrive API v1 fake (developers.pipedrive.com/docs/api/v1): `{ success, data, additional_data }` envelopes,
 * lists paged with `start` + `limit` (`additional_data.pagination.more_items_in_collection` / `next_start`),
 * `sort=field DIR`, /deals/search (`data.items[].item`), updates by PUT, errors
 * `{ success: false, error, errorCode, error_info }` (401 unauthorized access, 404 not found, 400 validation).
 */
export interface PipedriveDeal {
  id: number;
  title: string;
  value: number;
  currency: string;
  status: 'open' | 'won' | 'lost';
  person_id: number | null;
  add_time: string;
  update_time: string;
}
export interface PipedrivePerson {
  id: number;
  name: string;
  email: { value: string; primary: boolean }[];
  add_time: string;
}
export interface PipedriveFake extends FakeService {
  deals: PipedriveDeal[];
  persons: PipedrivePerson[];
  addDeal(title: string, value?: number): PipedriveDeal;
}

const fail = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ success: false, error, errorCode: status, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.', data: null });

export async function startPipedriveFake(): Promise<PipedriveFake> {
  const state = { deals: [] as PipedriveDeal[], persons: [] as PipedrivePerson[] };
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const stamp = () => new Date((clock += 1000)).toISOString().replace('T', ' ').slice(0, 19);
  const addDeal = (title: string, value = 0, extra: Partial<PipedriveDeal> = {}): PipedriveDeal => {
    const at = stamp();
    const d: PipedriveDeal = { id: state.deals.length + 1, title, value, currency: 'EUR', status: 'open', person_id: null, add_time: at, update_time: at, ...extra };
    state.deals.push(d);
    return d;
  };
  const paged = <T>(items: T[], q: Record<string, string>, wrap: (t: T) => unknown = (t) => t) => {
    const start = Number(q['start'] ?? 0);
    const limit = Math.min(Number(q['limit'] ?? 100), 500);
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    return { success: true, data: page.length ? page.map(wrap) : null, additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } } };
  };
  const sorted = (items: PipedriveDeal[], sort: string | undefined) => {
    const [field, dir] = (sort ?? 'id ASC').split(' ') as [keyof PipedriveDeal, string | undefined];
    return [...items].sort((a, b) => (String(a[field]).localeCompare(String(b[field]), undefined, { numeric: true })) * (dir?.toUpperCase() === 'DESC' ? -1 : 1));
  };

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'unauthorized access'),
    routes(app) {
      app.get('/v1/users/me', async () => ({ success: true, data: { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', company_name: 'Analytical Ltd' } }));
      app.get('/v1/deals', async (req) => {
        const q = req.query as Record<string, string>;
        const status = q['status'] ?? 'all_not_deleted';
        return paged(sorted(state.deals.filter((d) => status === 'all_not_deleted' || d.status === status), q['sort']), q);
      });
      app.get('/v1/deals/search', async (req, reply) => {
        const q = req.query as Record<string, string>;
        const term = q['term'] ?? '';
        if (term.length < 2) return fail(reply, 400, 'The term must be at least 2 characters long');
        const hits = state.deals.filter((d) => (q['exact_match'] === 'true' ? d.title.toLowerCase() === term.toLowerCase() : d.title.toLowerCase().includes(term.toLowerCase())));
        const out = paged(hits, q, (d) => ({ result_score: 1, item: { id: d.id, type: 'deal', title: d.title, value: d.value, currency: d.currency, status: d.status } }));
        return { ...out, data: { items: out.data ?? [] } };
      });
      app.get('/v1/deals/:id', async (req, reply) => {
        const d = state.deals.find((x) => x.id === Number((req.params as { id: string }).id));
        return d ? { success: true, data: d } : fail(reply, 404, 'Deal not found');
      });
      app.post('/v1/deals', async (req, reply) => {
        const b = (req.body ?? {}) as Partial<PipedriveDeal>;
        if (!b.title) return fail(reply, 400, 'Title must be given.');
        if (b.person_id != null && !state.persons.some((p) => p.id === b.person_id)) return fail(reply, 400, 'Person not found.');
        const d = addDeal(b.title, Number(b.value ?? 0), { ...(b.currency ? { currency: b.currency } : {}), person_id: b.person_id ?? null });
        return reply.code(201).send({ success: true, data: d });
      });
      app.put('/v1/deals/:id', async (req, reply) => {
        const d = state.deals.find((x) => x.id === Number((req.params as { id: string }).id));
        if (!d) return fail(reply, 404, 'Deal not found');
        const b = (req.body ?? {}) as Partial<PipedriveDeal>;
        if (b.status !== undefined && !['open', 'won', 'lost'].includes(b.status)) return fail(reply, 400, 'Invalid status.');
        Object.assign(d, Object.fromEntries(Object.entries(b).filter(([k]) => ['title', 'value', 'currency', 'status'].includes(k))), { update_time: stamp() });
        return { success: true, data: d };
      });
      app.post('/v1/persons', async (req, reply) => {
        const b = (req.body ?? {}) as { name?: string; email?: { value: string; primary?: boolean }[] | string };
        if (!b.name) return fail(reply, 400, 'Name must be given.');
        const email = typeof b.email === 'string' ? [{ value: b.email, primary: true }] : (b.email ?? []).map((e) => ({ value: e.value, primary: e.primary ?? false }));
        const p: PipedrivePerson = { id: state.persons.length + 1, name: b.name, email, add_time: stamp() };
        state.persons.push(p);
        return reply.code(201).send({ success: true, data: p });
      });
    },
  });
  return Object.assign(fake, state, { addDeal: (title: string, value?: number) => addDeal(title, value) });
}
