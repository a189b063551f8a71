import { z } from 'zod';
import { stripe, stripeList } from '../auth.js';

const stripeEvent = z.object({ id: z.string(), type: z.string(), created: z.number(), data: z.object({ object: z.record(z.string(), z.unknown()) }).loose() }).loose();
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const eventType = z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, { error: 'must be a Stripe event type such as charge.succeeded' });

/** A poll of /v1/events for one type (Stripe keeps 30 days of events, newest first). */
function eventTrigger<C extends z.ZodObject>(o: { id: string; title: string; description: string; aiDescription: string; config: C; typeOf(config: z.output<C>): string }) {
  return stripe.pollTrigger({
    id: o.id,
    title: o.title,
    description: o.description,
    aiDescription: o.aiDescription,
    config: o.config,
    event: z.object({ id: z.string(), type: z.string(), created: z.string(), object: z.record(z.string(), z.unknown()) }),
    list: {
      path: () => 'events',
      // After the first poll only events at or after the cursor's second are asked for.
      query: ({ config, cursor }) => ({ type: o.typeOf(config), limit: 100, 'created[gte]': typeof cursor?.['after'] === 'string' ? Math.floor(Date.parse(cursor['after']) / 1000) : undefined }),
    },
    response: stripeList(stripeEvent),
    items: (p) => p.data,
    paginate: { style: 'cursor', param: 'starting_after', next: (p) => (p.has_more ? p.data.at(-1)?.id : undefined), maxPages: 10 },
    cursor: { style: 'timestamp', at: (e) => iso(e.created), id: (e) => e.id },
    toEvent: (e) => ({ id: e.id, type: e.type, created: iso(e.created), object: e.data.object }),
  });
}

export const newEvent = eventTrigger({
  id: 'stripe.new_event',
  title: 'New event',
  description: 'Starts on each new Stripe event of a type (a customer was created, an invoice was paid...).',
  aiDescription:
    'Use to react to Stripe activity by event type: customer.created, invoice.paid, customer.subscription.deleted, checkout.session.completed... The event carries the object as Stripe sent it. For payments use stripe.new_payment or stripe.payment_failed. Polls; the first poll only remembers the newest event.',
  config: z.object({ type: eventType }),
  typeOf: (c) => c.type,
});

export const newPayment = eventTrigger({
  id: 'stripe.new_payment',
  title: 'New payment',
  description: 'Starts when a payment succeeds in Stripe (charge.succeeded).',
  aiDescription: 'Use to react to each successful Stripe payment; the event’s object is the charge (amount in the smallest currency unit, currency, customer, receipt_email, billing_details). Polls; the first poll only remembers the newest payment.',
  config: z.object({}),
  typeOf: () => 'charge.succeeded',
});

export const paymentFailed = eventTrigger({
  id: 'stripe.payment_failed',
  title: 'Failed payment',
  description: 'Starts when a payment fails in Stripe (charge.failed).',
  aiDescription: 'Use to follow up failed Stripe payments; the event’s object is the charge with failure_code and failure_message. Polls; the first poll only remembers the newest failure.',
  config: z.object({}),
  typeOf: () => 'charge.failed',
});
