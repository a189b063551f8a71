import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { incomingWebhook } from './index.js';

const secret = 'whsec_test';
const deliver = (body: string, headers: Record<string, string>) =>
  incomingWebhook.webhook!({ method: 'POST', headers, rawBody: Buffer.from(body), query: { source: 'ci' }, secret }, incomingWebhook.config.parse({}));
const sign = (ts: string, body: string) => `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;

describe('webhook.incoming', () => {
  it('accepts a correctly signed JSON delivery and strips secrets from the event', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const body = '{"build":"ok"}';
    const [event] = await deliver(body, { 'content-type': 'application/json', 'x-atom-timestamp': ts, 'x-atom-signature': sign(ts, body), authorization: 'x' });
    expect(event).toMatchObject({ method: 'POST', body: { build: 'ok' }, query: { source: 'ci' } });
    expect(event!.headers['authorization']).toBeUndefined();
  });

  it('refuses a bad signature, a replay and malformed JSON', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    await expect(deliver('{}', { 'content-type': 'application/json', 'x-atom-timestamp': ts, 'x-atom-signature': 'sha256=00' })).rejects.toMatchObject({ code: 'integrations.webhook.rejected' });
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    await expect(deliver('{}', { 'x-atom-timestamp': old, 'x-atom-signature': sign(old, '{}') })).rejects.toThrow(/too old/);
    await expect(deliver('{bad', { 'content-type': 'application/json', 'x-atom-timestamp': ts, 'x-atom-signature': sign(ts, '{bad') })).rejects.toMatchObject({ code: 'integrations.webhook.bad_json' });
  });

  it('supports a bearer token instead of a signature', async () => {
    const cfg = incomingWebhook.config.parse({ verification: 'token' });
    const ok = await incomingWebhook.webhook!({ method: 'POST', headers: { authorization: `Bearer ${secret}` }, rawBody: Buffer.from('a=1'), query: {}, secret }, cfg);
    expect(ok[0]!.body).toBe('a=1');
    await expect(incomingWebhook.webhook!({ method: 'POST', headers: { authorization: 'Bearer nope' }, rawBody: Buffer.from(''), query: {}, secret }, cfg)).rejects.toThrow(/wrong or missing token/);
  });
});
