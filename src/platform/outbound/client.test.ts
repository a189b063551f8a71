import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHttpLab, sendJson, type HttpLab } from '../../../test/fakes/http-lab/server.js';
import { AppError } from '../errors/index.js';
import { createServiceClient, type ServiceClientOptions } from './client.js';
import { createHttpRuntime } from './runtime.js';

const svc = { id: 'acme', name: 'Acme' };
let lab: HttpLab;
beforeEach(async () => {
  lab = await startHttpLab();
});
afterEach(() => lab.close());

const client = (o: Partial<ServiceClientOptions> = {}) =>
  createServiceClient({ service: svc, baseUrl: lab.url, retry: { baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 2000, ...o });

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`);
  }
  throw new Error('expected the call to fail');
};

describe('resilient client: retries', () => {
  it('retries a GET after 5xx and succeeds', async () => {
    let n = 0;
    lab.handle((_q, res) => (++n < 3 ? sendJson(res, 502, { error: 'bad gateway' }) : sendJson(res, 200, { ok: 1 })));
    const out = await client().call({ path: '/things' }, z.object({ ok: z.number() }));
    expect(out).toEqual({ ok: 1 });
    expect(lab.requests).toHaveLength(3);
  });

  it('gives up after maxAttempts with a plain, coded error', async () => {
    lab.handle((_q, res) => sendJson(res, 500, {}));
    const err = await failure(client({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).request({ path: '/x' }));
    expect(err.code).toBe('integrations.http.server_error');
    expect(err.message).toBe('Acme says it had an internal error (HTTP 500).');
    expect(lab.requests).toHaveLength(3);
  });

  it('does not retry a POST after a 500 (it may have had effects)', async () => {
    lab.handle((_q, res) => sendJson(res, 500, {}));
    await failure(client().request({ method: 'POST', path: '/x', json: { a: 1 } }));
    expect(lab.requests).toHaveLength(1);
  });

  it('retries a POST after 429 and honours Retry-After in seconds', async () => {
    let n = 0;
    lab.handle((_q, res) => (++n === 1 ? sendJson(res, 429, {}, { 'retry-after': '1' }) : sendJson(res, 201, { id: 7 })));
    const t0 = Date.now();
    const res = await client().request({ method: 'POST', path: '/x', json: {} });
    expect(res.status).toBe(201);
    expect(lab.requests).toHaveLength(2);
    expect(lab.requests[1]!.at - lab.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    let n = 0;
    lab.handle((_q, res) =>
      ++n === 1 ? sendJson(res, 503, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }) : sendJson(res, 200, {}),
    );
    await client().request({ path: '/x' });
    // HTTP dates have whole-second precision: the wait is between ~1 and 2 seconds.
    expect(lab.requests[1]!.at - lab.requests[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('does not sit out a very long Retry-After: the error carries it for the scheduler', async () => {
    lab.handle((_q, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }));
    const err = await failure(client().request({ path: '/x' }));
    expect(err.code).toBe('integrations.http.rate_limited');
    expect(err.extensions?.['retryAfter']).toBe(3600);
    expect(lab.requests).toHaveLength(1);
  });

  it('spreads retries with exponential backoff and full jitter (never above the ceiling)', async () => {
    lab.handle((_q, res) => sendJson(res, 503, {}));
    await failure(client({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 150 } }).request({ path: '/x' }));
    const gaps = lab.requests.slice(1).map((r, i) => r.at - lab.requests[i]!.at);
    expect(gaps).toHaveLength(3);
    for (const g of gaps) expect(g).toBeLessThan(100 + 150); // ceiling + scheduling slack
  });
});

describe('resilient client: timeouts and dead networks', () => {
  it('times out a call that never answers, with a clear error', async () => {
    lab.handle(() => undefined); // never answers
    const t0 = Date.now();
    const err = await failure(client({ timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1 } }).request({ path: '/slow' }));
    expect(err.code).toBe('integrations.http.timeout');
    expect(err.message).toBe('Acme did not answer within 0.2 s.');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(lab.requests).toHaveLength(2);
  });

  it('ends with a clear error when the connection drops mid-answer (no crash, no hang)', async () => {
    lab.handle((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const err = await failure(client({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).request({ path: '/x' }));
    expect(err.code).toBe('integrations.http.network');
    expect(err.message).toBe('Could not reach Acme: the connection was dropped before the answer arrived.');
  });

  it('reports a refused connection as not sent (so even a POST may retry)', async () => {
    await lab.close();
    const err = await failure(client({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).request({ method: 'POST', path: '/x', json: {} }));
    expect(err.code).toBe('integrations.http.network');
    expect(err.extensions?.['notSent']).toBe(true);
    expect(err.message).toMatch(/connection was refused/);
  });

  it('stops at once when the caller cancels', async () => {
    lab.handle(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await failure(client().request({ path: '/x', signal: ac.signal }));
    expect(err.code).toBe('integrations.http.cancelled');
  });
});

describe('resilient client: breaker, limits, cache', () => {
  it('opens the circuit after consecutive failures and stops calling the service', async () => {
    lab.handle((_q, res) => sendJson(res, 500, {}));
    const rt = createHttpRuntime();
    const c = client({ breaker: rt.breakerFor('conn-1', { failures: 3, halfOpenAfterMs: 60_000 }), retry: { maxAttempts: 1 } });
    for (let i = 0; i < 3; i++) await failure(c.request({ path: '/x' }));
    const err = await failure(c.request({ path: '/x' }));
    expect(err.code).toBe('integrations.http.circuit_open');
    expect(lab.requests).toHaveLength(3);
    // Another connection to the same service has its own breaker.
    const other = client({ breaker: rt.breakerFor('conn-2'), retry: { maxAttempts: 1 } });
    expect((await failure(other.request({ path: '/x' }))).code).toBe('integrations.http.server_error');
  });

  it('caps calls in flight per service', async () => {
    lab.handle((_q, res) => void setTimeout(() => sendJson(res, 200, {}), 60));
    const limiter = createHttpRuntime().limiterFor('acme', { concurrency: 2, ratePerSecond: 1000, burst: 1000 });
    const c = client({ limiter });
    await Promise.all(Array.from({ length: 6 }, () => c.request({ path: '/x' })));
    expect(lab.requests).toHaveLength(6);
    expect(lab.peakInFlight).toBe(2);
  });

  it('spreads calls to the service rate', async () => {
    lab.handle((_q, res) => sendJson(res, 200, {}));
    const limiter = createHttpRuntime().limiterFor('acme', { concurrency: 10, ratePerSecond: 10, burst: 1 });
    const c = client({ limiter });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => c.request({ path: '/x' })));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
  });

  it('serves fresh GETs from cache and revalidates stale ones with the ETag', async () => {
    lab.handle((q, res) => {
      if (q.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      sendJson(res, 200, { name: 'doc' }, { etag: '"v1"' });
    });
    const rt = createHttpRuntime();
    const c = client({ cache: rt.cache, cacheScope: 'conn-1' });
    const a = await c.request({ path: '/doc', cacheTtlMs: 10_000 });
    const b = await c.request({ path: '/doc', cacheTtlMs: 10_000 });
    expect(a.fromCache).toBe(false);
    expect(b).toMatchObject({ fromCache: true, body: { name: 'doc' } });
    expect(lab.requests).toHaveLength(1);
    const stale = await c.request({ path: '/doc2', cacheTtlMs: 0 });
    const revalidated = await c.request({ path: '/doc2', cacheTtlMs: 0 });
    expect(stale.fromCache).toBe(false);
    expect(revalidated).toMatchObject({ fromCache: true, body: { name: 'doc' }, status: 200 });
    expect(lab.requests[2]!.headers['if-none-match']).toBe('"v1"');
    // Another connection never sees this connection's cached answer.
    const other = client({ cache: rt.cache, cacheScope: 'conn-2' });
    expect((await other.request({ path: '/doc', cacheTtlMs: 10_000 })).fromCache).toBe(false);
  });

  it('does not keep answers marked no-store', async () => {
    lab.handle((_q, res) => sendJson(res, 200, { n: 1 }, { 'cache-control': 'no-store' }));
    const c = client({ cache: createHttpRuntime().cache });
    await c.request({ path: '/x', cacheTtlMs: 10_000 });
    expect((await c.request({ path: '/x', cacheTtlMs: 10_000 })).fromCache).toBe(false);
  });
});

describe('resilient client: auth and errors', () => {
  it('refreshes once on 401 and retries with the new credentials', async () => {
    let token = 'old';
    let refreshes = 0;
    lab.handle((q, res) => (q.headers.authorization === 'Bearer new' ? sendJson(res, 200, { me: 'ok' }) : sendJson(res, 401, {})));
    const c = client({
      credentials: {
        apply: (h) => h.set('authorization', `Bearer ${token}`),
        onUnauthorized: async () => {
          refreshes++;
          token = 'new';
          return true;
        },
      },
    });
    expect((await c.request({ method: 'POST', path: '/me', json: {} })).body).toEqual({ me: 'ok' });
    expect(refreshes).toBe(1);
    expect(lab.requests.map((r) => r.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('stops after one refresh when the service still says 401', async () => {
    let refreshes = 0;
    lab.handle((_q, res) => sendJson(res, 401, {}));
    const c = client({ credentials: { apply: () => undefined, onUnauthorized: async () => (++refreshes, true) } });
    const err = await failure(c.request({ path: '/me' }));
    expect(err.code).toBe('integrations.http.unauthorized');
    expect(err.status).toBe(424);
    expect(refreshes).toBe(1);
    expect(lab.requests).toHaveLength(2);
  });

  it("turns a service's own error into plain words (errors inside HTTP 200 too)", async () => {
    lab.handle((_q, res) => sendJson(res, 200, { ok: false, error: 'channel_not_found' }));
    const c = client({
      service: { id: 'slack', name: 'Slack' },
      readFault: ({ body }) => {
        const b = z.object({ ok: z.boolean(), error: z.string().optional() }).safeParse(body);
        if (!b.success || b.data.ok) return undefined;
        return { code: 'integrations.http.not_found', providerCode: b.data.error, message: 'the channel does not exist' };
      },
    });
    const err = await failure(c.request({ path: '/chat.postMessage', method: 'POST', json: {} }));
    expect(err).toMatchObject({ code: 'integrations.http.not_found', message: 'Slack says the channel does not exist.' });
    expect(err.extensions).toMatchObject({ service: 'slack', providerCode: 'channel_not_found', upstreamStatus: 200 });
  });

  it('reports an answer of unexpected shape clearly', async () => {
    lab.handle((_q, res) => sendJson(res, 200, { items: 'nope' }));
    const err = await failure(client().call({ path: '/x' }, z.object({ items: z.array(z.string()) })));
    expect(err.code).toBe('integrations.http.invalid_response');
    expect(err.message).toBe('Acme answered in an unexpected shape (at items).');
  });

  it('counts calls and retries in Prometheus metrics and reports outcomes', async () => {
    const registry = new Registry();
    const outcomes: boolean[] = [];
    let n = 0;
    lab.handle((_q, res) => (++n === 1 ? sendJson(res, 503, {}) : sendJson(res, 200, {})));
    const c = client({ metrics: createHttpRuntime({ registry }).metrics, observe: (o) => void outcomes.push(o.ok) });
    await c.request({ path: '/x' });
    const text = await registry.metrics();
    expect(text).toContain('atom_integration_calls_total{service="acme",outcome="ok"} 1');
    expect(text).toContain('atom_integration_retries_total{service="acme",reason="integrations.http.unavailable"} 1');
    expect(outcomes).toEqual([true]);
  });
});
