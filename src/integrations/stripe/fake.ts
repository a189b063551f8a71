import { createHmac } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Stripe API fake (docs.stripe.com/api): secret key as Bearer, form-encoded writes, lists as
 * `{ object: 'list', data, has_more }` newest first paged with `limit` + `starting_after` / `ending_before`,
 * errors `{ error: { type, code?, message, param? } }` (401 bad key, 404 resource_missing, 400 invalid params),
 * events at /v1/events (newest first) and signed webhook deliveries (`Stripe-Signature: t=...,v1=...`).
 */
export interface StripeCustomer {
  id: string;
  object: 'customer';
  email: string | null;
  name: string | null;
  description: string | null;
  created: number;
  metadata: Record<string, string>;
}
export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}
export interface StripeFake extends FakeService {
  customers: StripeCustomer[];
  events: StripeEvent[];
  /** Adds a customer (and its customer.created event) directly. */
  addCustomer(email: string, name: string): StripeCustomer;
  /** Adds an event the way Stripe records one (newest first in lists). */
  emit(type: string, object: Record<string, unknown>): StripeEvent;
  /** A delivery body and Stripe-Signature header, as Stripe signs webhooks (HMAC-SHA256 of `t.payload`). */
  signedDelivery(event: StripeEvent, secret: string, at?: number): { body: string; signature: string };
}

const stripeError = (reply: FastifyReply, status: number, error: { type: string; message: string; code?: string; param?: string }) => reply.code(status).send({ error });

/** Stripe's list paging over items kept oldest first: answers newest first. */
function listPage<T extends { id: string }>(items: T[], q: Record<string, string>) {
  const limit = Math.min(Math.max(Number(q['limit'] ?? 10), 1), 100);
  const newestFirst = [...items].reverse();
  let start = 0;
  if (q['starting_after']) start = newestFirst.findIndex((i) => i.id === q['starting_after']) + 1;
  if (q['ending_before']) {
    const end = newestFirst.findIndex((i) => i.id === q['ending_before']);
    const before = newestFirst.slice(0, Math.max(end, 0));
    const page = before.slice(-limit);
    return { object: 'list', data: page, has_more: before.length > page.length };
  }
  const page = newestFirst.slice(start, start + limit);
  return { object: 'list', data: page, has_more: start + limit < newestFirst.length };
}

export async function startStripeFake(): Promise<StripeFake> {
  const state = { customers: [] as StripeCustomer[], events: [] as StripeEvent[] };
  let n = 0;
  let clock = 1_700_000_000;
  const emit = (type: string, object: Record<string, unknown>): StripeEvent => {
    const e: StripeEvent = { id: `evt_${String(++n).padStart(4, '0')}`, object: 'event', type, created: ++clock, data: { object } };
    state.events.push(e);
    return e;
  };
  const fake = await startFakeService({
    unauthorized: (reply) => stripeError(reply, 401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' }),
    routes(app) {
      app.get('/v1/account', async () => ({ id: 'acct_1', object: 'account', email: 'owner@example.com', settings: { dashboard: { display_name: 'Example Shop' } } }));
      app.get('/v1/customers', async (req) => {
        const q = req.query as Record<string, string>;
        return listPage(q['email'] ? state.customers.filter((c) => c.email === q['email']) : state.customers, q);
      });
      app.get('/v1/customers/:id', async (req, reply) => {
        const c = state.customers.find((x) => x.id === (req.params as { id: string }).id);
        return c ?? stripeError(reply, 404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such customer: '${(req.params as { id: string }).id}'` });
      });
      const write = (body: Record<string, string>, reply: FastifyReply, target?: StripeCustomer) => {
        if (body['email'] !== undefined && body['email'] !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body['email'])) {
          return stripeError(reply, 400, { type: 'invalid_request_error', code: 'email_invalid', param: 'email', message: `Invalid email address: ${body['email']}` });
        }
        const metadata = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('metadata[')).map(([k, v]) => [k.slice(9, -1), v]));
        const c: StripeCustomer = target ?? { id: `cus_${String(state.customers.length + 1).padStart(4, '0')}`, object: 'customer', email: null, name: null, description: null, created: ++clock, metadata: {} };
        if (body['email'] !== undefined) c.email = body['email'] || null;
        if (body['name'] !== undefined) c.name = body['name'] || null;
        if (body['description'] !== undefined) c.description = body['description'] || null;
        c.metadata = { ...c.metadata, ...metadata };
        if (!target) {
          state.customers.push(c);
          emit('customer.created', { ...c });
        } else emit('customer.updated', { ...c });
        return c;
      };
      app.post('/v1/customers', async (req, reply) => write((req.body ?? {}) as Record<string, string>, reply));
      app.post('/v1/customers/:id', async (req, reply) => {
        const c = state.customers.find((x) => x.id === (req.params as { id: string }).id);
        if (!c) return stripeError(reply, 404, { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such customer: '${(req.params as { id: string }).id}'` });
        return write((req.body ?? {}) as Record<string, string>, reply, c);
      });
      app.get('/v1/events', async (req) => {
        const q = req.query as Record<string, string>;
        return listPage(q['type'] ? state.events.filter((e) => e.type === q['type']) : state.events, q);
      });
    },
  });
  return Object.assign(fake, state, {
    emit,
    addCustomer(email: string, name: string) {
      const c: StripeCustomer = { id: `cus_${String(state.customers.length + 1).padStart(4, '0')}`, object: 'customer', email, name, description: null, created: ++clock, metadata: {} };
      state.customers.push(c);
      emit('customer.created', { ...c });
      return c;
    },
    signedDelivery(event: StripeEvent, secret: string, at = Math.floor(Date.now() / 1000)) {
      const body = JSON.stringify(event);
      return { body, signature: `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}` };
    },
  });
}
