import { createHmac } from 'node:crypto';
import { startStripeFake, type StripeFake } from '../../../src/integrations/stripe/fake.js';
import { startShopifyFake, type ShopifyFake } from '../../../src/integrations/shopify/fake.js';
import { startTypeformFake, type TypeformFake } from '../../../src/integrations/typeform/fake.js';

/** One push-mode trigger's case: its config, whether its secret is a named workspace secret, and a delivery signed with a secret. */
export interface PushCase {
  trigger: string;
  config: Record<string, unknown>;
  /** The service generates the secret, so the workflow names a workspace secret holding it; else activation issues one. */
  namedSecret?: string;
  delivery(secret: string): { headers: Record<string, string>; body: string };
}

let stripe: StripeFake | undefined;
let shopify: ShopifyFake | undefined;
let typeform: TypeformFake | undefined;
const started = <T>(fake: T | undefined): T => {
  if (!fake) throw new Error('push cases did not start');
  return fake;
};

/** Push triggers' cases; the fakes only sign deliveries the way their services do. */
export const pushCases = {
  async start(): Promise<() => Promise<void>> {
    [stripe, shopify, typeform] = await Promise.all([startStripeFake(), startShopifyFake(), startTypeformFake()]);
    return async () => {
      await Promise.all([stripe?.close(), shopify?.close(), typeform?.close()]);
    };
  },
  cases: [
    {
      trigger: 'webhook.incoming',
      config: {},
      delivery(secret) {
        const body = JSON.stringify({ hello: 'world' });
        const at = String(Math.floor(Date.now() / 1000));
        return { body, headers: { 'content-type': 'application/json', 'x-atom-timestamp': at, 'x-atom-signature': `sha256=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}` } };
      },
    },
    {
      trigger: 'stripe.webhook_event',
      config: { types: ['customer.created'] },
      namedSecret: 'STRIPE_WEBHOOK_SECRET',
      delivery(secret) {
        const fake = started(stripe);
        const event = fake.events.find((e) => e.type === 'customer.created') ?? (fake.addCustomer('ada@example.com', 'Ada'), fake.events.at(-1)!);
        const d = fake.signedDelivery(event, secret);
        return { body: d.body, headers: { 'content-type': 'application/json', 'stripe-signature': d.signature } };
      },
    },
    {
      trigger: 'shopify.webhook_event',
      config: { topics: ['orders/create'] },
      namedSecret: 'SHOPIFY_APP_SECRET',
      delivery(secret) {
        const body = JSON.stringify({ id: 1001, name: '#1001', total_price: '12.00' });
        return { body, headers: started(shopify).signedDelivery('orders/create', body, secret) };
      },
    },
    {
      trigger: 'typeform.webhook_response',
      config: {},
      delivery(secret) {
        const fake = started(typeform);
        const form = fake.forms[0]!;
        const response = fake.responses.get(form.id)?.[0] ?? fake.respond(form.id, [{ ref: 'name', text: 'Ada' }]);
        return fake.signedDelivery(form.id, response, secret);
      },
    },
  ] satisfies PushCase[] as PushCase[],
};
