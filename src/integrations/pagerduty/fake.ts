import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * PagerDuty REST API v2 fake (developer.pagerduty.com/api-reference): `Authorization: Token token=<key>`,
 * incidents listed with classic `offset`/`limit` (≤ 100) pagination and `more`, `statuses[]` filter, `sort_by=created_at:desc`,
 * create (POST → 201 `{ incident }`) and PUT updates needing a `From` email header, errors
 * `{ error: { message, code, errors } }` (401 "Unauthorized" 2006, 404 "Not Found" 2100, 400 "Invalid Input Provided" 2001), 429 with Retry-After.
 */
export interface PdIncident {
  id: string;
  type: 'incident';
  incident_number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  created_at: string;
  html_url: string;
  service: { id: string; type: 'service_reference'; summary: string };
}
export interface PagerDutyFake extends FakeService {
  incidents: PdIncident[];
  trigger(title: string): PdIncident;
}
export const SERVICE_ID = 'PSVC001';

const fail = (reply: FastifyReply, status: number, message: string, code: number, errors?: string[]) => reply.code(status).send({ error: { message, code, ...(errors ? { errors } : {}) } });

export async function startPagerDutyFake(): Promise<PagerDutyFake> {
  const incidents: PdIncident[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const trigger = (title: string, extra: Partial<PdIncident> = {}): PdIncident => {
    const n = incidents.length + 1;
    const i: PdIncident = { id: `PINC${String(n).padStart(4, '0')}`, type: 'incident', incident_number: n, title, status: 'triggered', urgency: 'high', created_at: new Date((clock += 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z'), html_url: `https://acme.pagerduty.com/incidents/PINC${String(n).padStart(4, '0')}`, service: { id: SERVICE_ID, type: 'service_reference', summary: 'Checkout' }, ...extra };
    incidents.push(i);
    return i;
  };
  const notFound = (reply: FastifyReply) => fail(reply, 404, 'Not Found', 2100);
  const fromOk = (h: Record<string, unknown>) => typeof h['from'] === 'string' && /^[^@\s]+@[^@\s]+$/.test(h['from']);

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'Unauthorized', 2006),
    readToken: (req) => /^Token token=(.+)$/.exec(req.headers.authorization ?? '')?.[1],
    routes(app) {
      app.get('/incidents', async (req, reply) => {
        const q = req.query as Record<string, string>;
        const limit = Number(q['limit'] ?? 25);
        const offset = Number(q['offset'] ?? 0);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(reply, 400, 'Invalid Input Provided', 2001, ['Limit must be between 1 and 100.']);
        const statuses = (q['statuses[]'] ?? '').split(',').filter(Boolean);
        let all = incidents.filter((i) => !statuses.length || statuses.includes(i.status));
        if (q['sort_by'] === 'created_at:desc') all = [...all].reverse();
        else if (q['sort_by'] !== undefined && q['sort_by'] !== 'created_at:asc' && q['sort_by'] !== 'created_at') return fail(reply, 400, 'Invalid Input Provided', 2001, ['Sort by is invalid.']);
        return { incidents: all.slice(offset, offset + limit), limit, offset, total: null, more: offset + limit < all.length };
      });
      app.get('/incidents/:id', async (req, reply) => {
        const i = incidents.find((x) => x.id === (req.params as { id: string }).id);
        return i ? { incident: i } : notFound(reply);
      });
      app.post('/incidents', async (req, reply) => {
        if (!fromOk(req.headers)) return fail(reply, 400, 'Invalid Input Provided', 2001, ['You must specify a user\'s email address in the "From" header to perform this action']);
        const b = ((req.body ?? {}) as { incident?: Partial<PdIncident> }).incident;
        if (!b?.title) return fail(reply, 400, 'Invalid Input Provided', 2001, ['Title cannot be empty.']);
        if (b.service?.id !== SERVICE_ID) return fail(reply, 400, 'Invalid Input Provided', 2001, ['Service not found.']);
        return reply.code(201).send({ incident: trigger(b.title, b.urgency ? { urgency: b.urgency } : {}) });
      });
      app.put('/incidents/:id', async (req, reply) => {
        const i = incidents.find((x) => x.id === (req.params as { id: string }).id);
        if (!i) return notFound(reply);
        if (!fromOk(req.headers)) return fail(reply, 400, 'Invalid Input Provided', 2001, ['You must specify a user\'s email address in the "From" header to perform this action']);
        const b = ((req.body ?? {}) as { incident?: Partial<PdIncident> }).incident ?? {};
        if (b.status !== undefined && !['acknowledged', 'resolved'].includes(b.status)) return fail(reply, 400, 'Invalid Input Provided', 2001, ['Status is invalid.']);
        for (const k of ['status', 'title', 'urgency'] as const) if (b[k] !== undefined) Object.assign(i, { [k]: b[k] });
        return { incident: i };
      });
    },
  });
  return Object.assign(fake, { incidents, trigger: (t: string) => trigger(t) });
}
