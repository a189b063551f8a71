import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../support/context.js';

/**
 * Low finding "/health, /ready and /metrics share the anonymous rate limit": a flood of anonymous requests
 * from one address (or from everyone behind one proxy) used up the per-IP bucket, and the orchestrator's
 * liveness probe got 429 and restarted a healthy process. The probes now have their own, much larger
 * bucket. Rate limit buckets live in memory (or Redis in queue mode), never in the database, so SQLite
 * is enough here.
 */
describe('finding "health probes share the anonymous rate limit"', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const flooder = '203.0.113.7';

  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5', ATOM_METRICS: 'true' });
  }, 60_000);
  afterAll(() => t.cleanup());

  it('after one address exhausts the anonymous limit, /health, /ready and /metrics still answer 200 while an API route answers 429', async () => {
    const api = () => t.app.inject({ method: 'GET', url: '/api/workflows', remoteAddress: flooder });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api()).statusCode);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    const limited = await api();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();

    for (const url of ['/health', '/ready', '/metrics']) {
      for (let i = 0; i < 10; i++) {
        const res = await t.app.inject({ method: 'GET', url, remoteAddress: flooder });
        expect(res.statusCode, `${url} #${i}: ${res.body.slice(0, 200)}`).toBe(200);
      }
    }
    // The API stays limited for that address: the probes did not reset or share its bucket.
    expect((await api()).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/health', remoteAddress: flooder })).json()).toMatchObject({ status: 'ok' });
  });

  it('the probes are still limited, in their own much larger bucket', async () => {
    const other = '198.51.100.9';
    let last = 0;
    for (let i = 0; i < 2000 && last !== 429; i++) last = (await t.app.inject({ method: 'GET', url: '/health', remoteAddress: other })).statusCode;
    expect(last).toBe(429);
    // ...and exhausting it does not take the API bucket of that address with it.
    expect((await t.app.inject({ method: 'GET', url: '/api/workflows', remoteAddress: other })).statusCode).toBe(401);
  });
});
