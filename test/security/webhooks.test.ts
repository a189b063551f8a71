import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../support/auth.js';
import { createTestApp, dialects } from '../support/context.js';

/**
 * Signed webhooks under attack: missing and bad signatures are 401, a replayed signed request is 409,
 * stale or malformed timestamps are 401 — and none of them starts a run (both dialects).
 */
describe.each(dialects)('webhook signatures and replays on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' });
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  async function signedWebhook(hmac: Record<string, unknown>) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/workflows',
      headers: owner.bearer,
      payload: { name: `hook ${JSON.stringify(hmac)}`, definition: { trigger: { type: 'webhook', methods: ['POST'], hmac }, steps: [{ id: 'echo', type: 'transform', expression: 'trigger.body' }] } },
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const id = created.json<{ id: string }>().id;
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);
    const { url, hmacSecret } = act.json<{ webhook: { url: string; hmacSecret: string } }>().webhook;
    const runs = async () => (await t.app.inject({ method: 'GET', url: `/api/runs?workflowId=${id}`, headers: owner.bearer })).json<{ items: unknown[] }>().items.length;
    const post = (body: string, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });
    const sign = (body: string, stamp?: string) => `sha256=${createHmac('sha256', hmacSecret).update(stamp ? `${stamp}.${body}` : body).digest('hex')}`;
    return { runs, post, sign };
  }

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code });
  };

  it('refuses missing and bad signatures, accepts a good one once, refuses its replay', async () => {
    const hook = await signedWebhook({});
    const body = JSON.stringify({ order: 1 });
    expectProblem(await hook.post(body, {}), 401, 'workflows.webhook.signature');
    expectProblem(await hook.post(body, { 'x-atom-signature': 'sha256=' + '0'.repeat(64) }), 401, 'workflows.webhook.signature');
    expectProblem(await hook.post(body, { 'x-atom-signature': hook.sign(JSON.stringify({ order: 2 })) }), 401, 'workflows.webhook.signature');
    expect(await hook.runs()).toBe(0);

    expect((await hook.post(body, { 'x-atom-signature': hook.sign(body) })).statusCode).toBe(202);
    expectProblem(await hook.post(body, { 'x-atom-signature': hook.sign(body) }), 409, 'workflows.webhook.replayed');
    expect(await hook.runs()).toBe(1);
  });

  it('checks timestamped signatures for freshness and replays', async () => {
    const hook = await signedWebhook({ toleranceSeconds: 60 });
    const body = JSON.stringify({ order: 'stamped' });
    const now = String(Math.floor(Date.now() / 1000));
    expect((await hook.post(body, { 'x-atom-timestamp': now, 'x-atom-signature': hook.sign(body, now) })).statusCode).toBe(202);
    // The same request again: a replay.
    expectProblem(await hook.post(body, { 'x-atom-timestamp': now, 'x-atom-signature': hook.sign(body, now) }), 409, 'workflows.webhook.replayed');
    // A body-only signature does not match once a timestamp is sent (the timestamp is part of what is signed).
    expectProblem(await hook.post(body, { 'x-atom-timestamp': now, 'x-atom-signature': hook.sign(body) }), 401, 'workflows.webhook.signature');
    // An old request, correctly signed, replayed after the tolerance.
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expectProblem(await hook.post(body, { 'x-atom-timestamp': old, 'x-atom-signature': hook.sign(body, old) }), 401, 'workflows.webhook.stale_timestamp');
    const future = String(Math.floor(Date.now() / 1000) + 3600);
    expectProblem(await hook.post(body, { 'x-atom-timestamp': future, 'x-atom-signature': hook.sign(body, future) }), 401, 'workflows.webhook.stale_timestamp');
    for (const bad of ['yesterday', '1e9', '-1', '17000000000000']) {
      const res = await hook.post(body, { 'x-atom-timestamp': bad, 'x-atom-signature': hook.sign(body, bad) });
      expect([401], `timestamp ${JSON.stringify(bad)}`).toContain(res.statusCode);
    }
    expect(await hook.runs()).toBe(1);
  });

  it('refuses body-only signatures when a timestamp is required', async () => {
    const hook = await signedWebhook({ requireTimestamp: true });
    const body = JSON.stringify({ order: 'strict' });
    expectProblem(await hook.post(body, { 'x-atom-signature': hook.sign(body) }), 401, 'workflows.webhook.timestamp_missing');
    const now = String(Math.floor(Date.now() / 1000));
    expect((await hook.post(body, { 'x-atom-timestamp': now, 'x-atom-signature': hook.sign(body, now) })).statusCode).toBe(202);
    expect(await hook.runs()).toBe(1);
  });
});
