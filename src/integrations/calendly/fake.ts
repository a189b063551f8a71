import { createHmac } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Calendly API v2 fake (developer.calendly.com/api-docs): resources named by URI, `{ resource }` and
 * `{ collection, pagination: { count, next_page, next_page_token, ... } }` answers paged with `count` (max 100)
 * + `page_token`, scheduled events filtered by `user`, `status`, `min_start_time` and sorted `start_time:asc|desc`,
 * errors `{ title, message, details? }` (401 Unauthenticated, 404 Resource Not Found, 400 Invalid Argument);
 * webhook deliveries signed with `Calendly-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
 */
export interface CalendlyEvent {
  uri: string;
  name: string;
  status: 'active' | 'canceled';
  start_time: string;
  end_time: string;
  event_type: string;
  created_at: string;
  updated_at: string;
  cancellation?: { canceled_by: string; reason: string | null; canceler_type: string };
}
export interface CalendlyInvitee {
  uri: string;
  email: string;
  name: string;
  status: 'active' | 'canceled';
  event: string;
  created_at: string;
}
export interface CalendlyEventType {
  uri: string;
  name: string;
  slug: string;
  active: boolean;
  duration: number;
  scheduling_url: string;
  kind: string;
}
export interface CalendlyFake extends FakeService {
  eventTypes: CalendlyEventType[];
  events: CalendlyEvent[];
  invitees: CalendlyInvitee[];
  book(name: string, email: string, start: string): { event: CalendlyEvent; invitee: CalendlyInvitee };
  signedDelivery(invitee: CalendlyInvitee, secret: string, at?: number): { body: string; headers: Record<string, string> };
}

const API = 'https://api.calendly.com';
const USER = `${API}/users/AAAA1111`;
const ORG = `${API}/organizations/ORG1`;
const EVENT_TYPE = `${API}/event_types/ET1`;

const fail = (reply: FastifyReply, status: number, title: string, message: string, details?: { parameter: string; message: string }[]) => reply.code(status).send({ title, message, ...(details ? { details } : {}) });

export async function startCalendlyFake(): Promise<CalendlyFake> {
  const state = {
    eventTypes: [{ uri: EVENT_TYPE, name: '30 Minute Meeting', slug: '30min', active: true, duration: 30, scheduling_url: 'https://calendly.com/ada/30min', kind: 'solo' }] as CalendlyEventType[],
    events: [] as CalendlyEvent[],
    invitees: [] as CalendlyInvitee[],
  };
  // Bookings are made "now", as Calendly stamps them: a second apart at least, never behind the real clock
  // (stamps are whole seconds: the next one, so a booking made after a poll reads as newer than that poll).
  let clock = Date.now();
  let n = 0;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000000Z');
  const book = (name: string, email: string, start: string) => {
    const id = `EV${String(++n).padStart(4, '0')}`;
    const created = iso((clock = Math.max(clock + 1000, Math.floor(Date.now() / 1000) * 1000 + 1000)));
    const event: CalendlyEvent = { uri: `${API}/scheduled_events/${id}`, name: '30 Minute Meeting', status: 'active', start_time: iso(Date.parse(start)), end_time: iso(Date.parse(start) + 1_800_000), event_type: EVENT_TYPE, created_at: created, updated_at: created };
    const invitee: CalendlyInvitee = { uri: `${event.uri}/invitees/INV${n}`, email, name, status: 'active', event: event.uri, created_at: created };
    state.events.push(event);
    state.invitees.push(invitee);
    return { event, invitee };
  };
  const paged = <T>(req: { url: string; query: unknown }, reply: FastifyReply, rows: T[]) => {
    const q = req.query as Record<string, string>;
    const count = Number(q['count'] ?? 20);
    if (!Number.isInteger(count) || count < 1 || count > 100) return fail(reply, 400, 'Invalid Argument', 'The supplied parameters are invalid.', [{ parameter: 'count', message: 'must be between 1 and 100' }]);
    const start = q['page_token'] ? Number(Buffer.from(q['page_token'], 'base64url').toString('utf8')) : 0;
    const slice = rows.slice(start, start + count);
    const nextToken = start + count < rows.length ? Buffer.from(String(start + count)).toString('base64url') : null;
    const next = nextToken ? new URL(`${fake.url}${req.url}`) : null;
    next?.searchParams.set('page_token', nextToken!);
    return { collection: slice, pagination: { count: slice.length, next_page: next?.toString() ?? null, next_page_token: nextToken, previous_page: null, previous_page_token: null } };
  };
  const byUuid = (uuid: string) => state.events.find((e) => e.uri.endsWith(`/${uuid}`));

  const fake = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'Unauthenticated', 'The access token is invalid'),
    routes(app) {
      app.get('/users/me', async () => ({ resource: { uri: USER, name: 'Ada Lovelace', email: 'ada@example.com', scheduling_url: 'https://calendly.com/ada', timezone: 'Europe/London', current_organization: ORG } }));
      app.get('/event_types', async (req, reply) => {
        const q = req.query as Record<string, string>;
        if (!q['user'] && !q['organization']) return fail(reply, 400, 'Invalid Argument', 'The supplied parameters are invalid.', [{ parameter: 'user', message: 'user or organization is required' }]);
        return paged(req, reply, state.eventTypes.filter((t) => q['active'] !== 'true' || t.active));
      });
      app.get('/scheduled_events', async (req, reply) => {
        const q = req.query as Record<string, string>;
        if (!q['user'] && !q['organization']) return fail(reply, 400, 'Invalid Argument', 'The supplied parameters are invalid.', [{ parameter: 'user', message: 'user or organization is required' }]);
        if (q['user'] && q['user'] !== USER) return fail(reply, 403, 'Permission Denied', 'You do not have permission to access this resource.');
        if (q['min_start_time'] && Number.isNaN(Date.parse(q['min_start_time']))) return fail(reply, 400, 'Invalid Argument', 'The supplied parameters are invalid.', [{ parameter: 'min_start_time', message: 'is not a valid time' }]);
        const desc = q['sort'] === 'start_time:desc';
        const rows = state.events
          .filter((e) => (!q['status'] || e.status === q['status']) && (!q['min_start_time'] || Date.parse(e.start_time) >= Date.parse(q['min_start_time'])) && (!q['invitee_email'] || state.invitees.some((i) => i.event === e.uri && i.email === q['invitee_email'])))
          .sort((a, b) => a.start_time.localeCompare(b.start_time) * (desc ? -1 : 1));
        return paged(req, reply, rows);
      });
      app.get('/scheduled_events/:uuid', async (req, reply) => {
        const e = byUuid((req.params as { uuid: string }).uuid);
        return e ? { resource: e } : fail(reply, 404, 'Resource Not Found', 'The server could not find the requested resource.');
      });
      app.get('/scheduled_events/:uuid/invitees', async (req, reply) => {
        const e = byUuid((req.params as { uuid: string }).uuid);
        if (!e) return fail(reply, 404, 'Resource Not Found', 'The server could not find the requested resource.');
        return paged(req, reply, state.invitees.filter((i) => i.event === e.uri));
      });
      app.post('/scheduled_events/:uuid/cancellation', async (req, reply) => {
        const e = byUuid((req.params as { uuid: string }).uuid);
        if (!e) return fail(reply, 404, 'Resource Not Found', 'The server could not find the requested resource.');
        if (e.status === 'canceled') return fail(reply, 403, 'Permission Denied', 'Event in the past or already canceled');
        const reason = ((req.body ?? {}) as { reason?: string }).reason ?? null;
        e.status = 'canceled';
        e.cancellation = { canceled_by: 'Ada Lovelace', reason, canceler_type: 'host' };
        for (const i of state.invitees) if (i.event === e.uri) i.status = 'canceled';
        return reply.code(201).send({ resource: e.cancellation });
      });
    },
  });
  return Object.assign(fake, state, {
    book,
    signedDelivery(invitee: CalendlyInvitee, secret: string, at = Math.floor(Date.now() / 1000)) {
      const body = JSON.stringify({ event: 'invitee.created', created_at: invitee.created_at, created_by: USER, payload: { ...invitee, scheduled_event: state.events.find((e) => e.uri === invitee.event) } });
      return { body, headers: { 'content-type': 'application/json', 'calendly-webhook-signature': `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}` } };
    },
  });
}
