import { describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createCustomer, getCustomer, listCustomers, stripe, webhookEvent } from './index.js';

async function seeded(): Promise<StripeFake> {
  const fake = await startStripeFake();
  // More customers than one page (100), so listing walks pages with starting_after.
  for (let i = 1; i <= 120; i++) fake.addCustomer(`customer${i}@example.com`, `Customer ${i}`);
  // One of each watched type already there (see the Stripe row in docs/integrations.md on empty histories).
  fake.emit('charge.succeeded', { id: 'ch_first', object: 'charge', amount: 100, currency: 'eur' });
  fake.emit('charge.failed', { id: 'ch_failed_first', object: 'charge', failure_code: 'card_declined' });
  return fake;
}

describeConformance({
  service: stripe,
  startFake: seeded,
  basePath: '/v1',
  credentials: (f) => ({ kind: 'api_key', apiKey: f.issue() }),
  throttleBody: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } },
  operations: {
    'stripe.list_customers': {
      input: { limit: 150 },
      check: (out) => {
        const ids = (out as { customers: { id: string }[] }).customers.map((c) => c.id);
        expect(ids.length).toBeGreaterThan(100);
        expect(ids).toEqual([...ids].sort().reverse());
      },
      badInput: { input: { limit: 0 }, field: 'limit' },
    },
    'stripe.get_customer': { input: { customerId: 'cus_0007' }, check: (out) => expect(out).toMatchObject({ email: 'customer7@example.com', name: 'Customer 7' }), badInput: { input: { customerId: 'ada' }, field: 'customerId' } },
    'stripe.create_customer': { input: { email: 'new@example.com', name: 'New Customer', metadata: { source: 'atom' } }, check: (out) => expect(out).toMatchObject({ email: 'new@example.com', metadata: { source: 'atom' } }), badInput: { input: { email: 'not-an-email' }, field: 'email' } },
    'stripe.update_customer': { input: { customerId: 'cus_0003', description: 'VIP' }, check: (out) => expect(out).toMatchObject({ id: 'cus_0003', description: 'VIP', name: 'Customer 3' }), badInput: { input: { name: 'x' }, field: 'customerId' } },
  },
  triggers: {
    'stripe.new_payment': {
      config: {},
      produce: (f) => void (f as StripeFake).emit('charge.succeeded', { id: `ch_${Date.now()}`, object: 'charge', amount: 4200, currency: 'eur' }),
      check: (events) => expect(events[0]).toMatchObject({ type: 'charge.succeeded', object: { amount: 4200 } }),
    },
    'stripe.payment_failed': {
      config: {},
      produce: (f) => void (f as StripeFake).emit('charge.failed', { id: `ch_${Date.now()}`, object: 'charge', failure_code: 'card_declined' }),
      check: (events) => expect(events[0]).toMatchObject({ type: 'charge.failed', object: { failure_code: 'card_declined' } }),
    },
    'stripe.new_event': {
      config: { type: 'customer.created' },
      produce: (f) => void (f as StripeFake).addCustomer('fresh@example.com', 'Fresh'),
      check: (events) => expect(events[0]).toMatchObject({ type: 'customer.created', object: { email: 'fresh@example.com' } }),
    },
  },
  extra(ctx) {
    describe('Stripe specifics', () => {
      it('filters by email, sends writes form-encoded with the step’s Idempotency-Key', async () => {
        const { h, fake } = ctx();
        expect((await h.run(listCustomers, { email: 'customer42@example.com' })).customers.map((c) => c.id)).toEqual(['cus_0042']);
        await h.run(createCustomer, { email: 'form@example.com', metadata: { plan: 'pro' } });
        const post = fake.requests.filter((r) => r.method === 'POST').at(-1)!;
        expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
        expect(post.headers['idempotency-key']).toBe('run-1:step-1');
        expect(post.body).toMatchObject({ email: 'form@example.com', 'metadata[plan]': 'pro' });
      });
      it('says which customer does not exist (resource_missing)', async () => {
        await expect(ctx().h.run(getCustomer, { customerId: 'cus_nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: "Stripe says “No such customer: 'cus_nope'” (field id)." });
      });
    });
    describe('stripe.webhook_event (Stripe-Signature)', () => {
      const secret = 'whsec_test_secret';
      const deliver = (fake: StripeFake, headers: Record<string, string>, body: string, types: string[] = []) => webhookEvent.webhook!({ method: 'POST', headers, rawBody: Buffer.from(body), query: {}, secret }, webhookEvent.config.parse({ types }));
      it('accepts a correctly signed event and keeps only the listed types', async () => {
        const fake = ctx().fake as StripeFake;
        const e = fake.emit('invoice.paid', { id: 'in_1', amount_paid: 900 });
        const { body, signature } = fake.signedDelivery(e, secret);
        expect(await deliver(fake, { 'stripe-signature': signature }, body)).toEqual([expect.objectContaining({ id: e.id, type: 'invoice.paid', object: { id: 'in_1', amount_paid: 900 } })]);
        expect(await deliver(fake, { 'stripe-signature': signature }, body, ['charge.failed'])).toEqual([]);
      });
      it('refuses a wrong secret, a changed body, a missing header and an old timestamp', async () => {
        const fake = ctx().fake as StripeFake;
        const e = fake.emit('charge.failed', { id: 'ch_x' });
        const good = fake.signedDelivery(e, secret);
        await expect(deliver(fake, { 'stripe-signature': fake.signedDelivery(e, 'whsec_other').signature }, good.body)).rejects.toMatchObject({ code: 'integrations.webhook.rejected', status: 401 });
        await expect(deliver(fake, { 'stripe-signature': good.signature }, good.body.replace('ch_x', 'ch_y'))).rejects.toThrow(/does not match/);
        await expect(deliver(fake, {}, good.body)).rejects.toThrow(/no Stripe-Signature/);
        const old = fake.signedDelivery(e, secret, Math.floor(Date.now() / 1000) - 3600);
        await expect(deliver(fake, { 'stripe-signature': old.signature }, old.body)).rejects.toThrow(/too old/);
      });
    });
  },
});
