import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp } from '../../support/context.js';
import { testRedisUrl } from '../../support/postgres.js';

/**
 * Low finding "unknown webhook tokens are not rate limited per IP": the webhook route is limited per token,
 * so guessing tokens (each a new bucket) from one address was unlimited. Unknown tokens now count against
 * the sender's address (ATOM_WEBHOOK_UNKNOWN_TOKEN_PER_MINUTE); past it that address gets 429 with
 * Retry-After, for every token, so a guess that hits cannot be told apart. Known webhooks from other
 * addresses keep their throughput. The counters live in memory, or in Redis in queue mode (both run
 * here); the database is not involved, so SQLite is enough.
 */
describe.each([
  ['embedded mode (in-process counters)', {}],
  ['queue mode (Redis counters)', { ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: `t${randomBytes(4).toString('hex')}` }],
])('finding "unknown webhook tokens are not rate limited per IP" in %s', (_label, env: Record<string, string>) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let hookUrl = '';
  const limit = 5;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000', ATOM_WEBHOOK_UNKNOWN_TOKEN_PER_MINUTE: String(limit), ...env });
    owner = await signUpOwner(t.app);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/workflows',
      headers: owner.bearer,
      payload: { name: 'hook', definition: { trigger: { type: 'webhook', methods: ['POST'] }, steps: [{ id: 'echo', type: 'transform', expression: 'trigger.body' }] } },
    });
    expect(created.statusCode, created.body).toBeLessThan(300);
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${created.json<{ id: string }>().id}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);
    hookUrl = act.json<{ webhook: { url: string } }>().webhook.url;
  }, 60_000);
  afterAll(() => t.cleanup());

  const post = (url: string, ip: string) => t.app.inject({ method: 'POST', url, remoteAddress: ip, payload: '{"a":1}', headers: { 'content-type': 'application/json' } });
  const guess = () => `/api/hooks/${randomBytes(16).toString('hex')}`;

  it('unknown tokens from one address hit a per-IP limit (429 with Retry-After), and then even the right token is refused from there', async () => {
    const prober = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < limit; i++) {
      const res = await post(guess(), prober);
      expect(res.statusCode, res.body).toBe(404);
    }
    const refused = await post(guess(), prober);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json()).toMatchObject({ code: 'workflows.webhook.too_many_unknown_tokens' });
    // A guess that happens to be right gets the same answer: the limit is no oracle.
    const lucky = await post(hookUrl, prober);
    expect(lucky.statusCode).toBe(429);

    // Another address is not affected, for unknown and known tokens.
    const other = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    expect((await post(guess(), other)).statusCode).toBe(404);
    expect((await post(hookUrl, other)).statusCode).toBe(202);
  });

  it('a known webhook keeps its throughput from one address (known tokens do not count)', async () => {
    const sender = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < limit * 4; i++) {
      const res = await post(hookUrl, sender);
      expect(res.statusCode, res.body).toBe(202);
    }
    // An occasional wrong URL from a busy sender stays under the limit.
    expect((await post(guess(), sender)).statusCode).toBe(404);
    expect((await post(hookUrl, sender)).statusCode).toBe(202);
  });
});
