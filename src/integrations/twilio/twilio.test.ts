import { describe, expect, it } from 'vitest';
import { ACCOUNT, startTwilioFake, type TwilioFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { newIncomingSms, sendSms, twilio } from './index.js';

async function seeded(): Promise<TwilioFake> {
  const fake = await startTwilioFake();
  for (let i = 1; i <= 120; i++) fake.receive('+491701234567', '+14155550100', `hello ${i}`);
  return fake;
}

describeConformance({
  service: twilio,
  startFake: seeded,
  basePath: '/2010-04-01',
  credentials: (f) => ({ kind: 'basic', username: ACCOUNT, password: f.issue() }),
  throttleBody: { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
  operations: {
    'twilio.send_sms': {
      input: { to: '+491701234567', from: '+14155550100', body: 'Your order shipped' },
      check: (out, fake) => {
        expect(out).toMatchObject({ to: '+491701234567', status: 'queued', direction: 'outbound-api', createdAt: expect.stringMatching(/^2026-/) });
        expect(fake.requests.at(-1)?.body).toEqual({ To: '+491701234567', Body: 'Your order shipped', From: '+14155550100' });
      },
      badInput: { input: { to: '0170 1234567', from: '+14155550100', body: 'x' }, field: 'to' },
    },
    'twilio.list_messages': {
      input: { to: '+14155550100', limit: 110 },
      check: (out) => expect((out as { messages: unknown[] }).messages).toHaveLength(110),
      badInput: { input: { limit: 0 }, field: 'limit' },
    },
    'twilio.get_message': {
      input: { sid: `SM${'1'.padStart(32, '0')}` },
      check: (out) => expect(out).toMatchObject({ body: 'hello 1', direction: 'inbound' }),
      badInput: { input: { sid: 'abc' }, field: 'sid' },
    },
  },
  extra(ctx) {
    describe('Twilio specifics', () => {
      it('a number the account does not own, and an unknown message, are said in Twilio’s words', async () => {
        const { h } = ctx();
        await expect(h.run(sendSms, { to: '+491701234567', from: '+15550000000', body: 'x' })).rejects.toMatchObject({ message: expect.stringMatching(/^Twilio says “The From phone number \+15550000000 is not a valid.*\(error 21606\)\.$/) });
      });
      it('new_incoming_sms: the first poll only remembers; then each received SMS once, oldest first; replies are not events', async () => {
        const { h, fake } = ctx();
        const tw = fake as TwilioFake;
        const first = await h.poll(newIncomingSms, { to: '+14155550100' });
        expect(first.events).toEqual([]);
        tw.receive('+33612345678', '+14155550100', 'STOP');
        tw.receive('+33612345678', '+14155550100', 'START');
        await h.run(sendSms, { to: '+33612345678', from: '+14155550100', body: 'ok' });
        const second = await h.poll(newIncomingSms, { to: '+14155550100' }, first.cursor);
        expect(second.events.map((e) => [e.from, e.body])).toEqual([['+33612345678', 'STOP'], ['+33612345678', 'START']]);
        expect((await h.poll(newIncomingSms, { to: '+14155550100' }, second.cursor)).events).toEqual([]);
        fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { code: 20429, message: 'Too Many Requests', status: 429 } });
        tw.receive('+33612345678', '+14155550100', 'after throttle');
        expect((await h.poll(newIncomingSms, { to: '+14155550100' }, second.cursor)).events.map((e) => e.body)).toEqual(['after throttle']);
      });
    });
  },
});
