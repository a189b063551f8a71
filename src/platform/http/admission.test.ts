// Per-class admission: a flood of one class of request gets prompt 429s + Retry-After while a request of
// another class still completes at once; nothing answers 5xx; slots are freed however a request ends.
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { classifyRoute, createAdmission, createLagMonitor, defaultAdmissionLimits } from './admission.js';
import type { HttpServer } from './server.js';

describe('classifyRoute', () => {
  it('classes API routes by method and path, and exempts probes, subscriptions and WebSockets', () => {
    expect(classifyRoute({ method: 'GET', url: '/api/auth/me' })).toBe('read');
    expect(classifyRoute({ method: 'GET', url: '/api/runs' })).toBe('read');
    expect(classifyRoute({ method: 'GET', url: '/api/memory/search' })).toBe('search');
    expect(classifyRoute({ method: 'POST', url: '/api/workflows' })).toBe('write');
    expect(classifyRoute({ method: 'DELETE', url: '/api/runs/:id' })).toBe('write');
    expect(classifyRoute({ method: 'POST', url: '/api/hooks/:token' })).toBe('webhook');
    expect(classifyRoute({ method: 'GET', url: '/api/hooks/wait/:token' })).toBe('webhook');
    expect(classifyRoute({ method: 'POST', url: '/api/chat/' })).toBe('chat');
    expect(classifyRoute({ method: 'POST', url: '/api/voice/command', produces: ['text/event-stream'] })).toBe('chat');
    expect(classifyRoute({ method: 'GET', url: '/api/events', produces: ['text/event-stream'] })).toBe('exempt');
    expect(classifyRoute({ method: 'GET', url: '/api/workflows/:id/collab', websocket: true })).toBe('exempt');
    expect(classifyRoute({ method: 'GET', url: '/health' })).toBe('exempt');
    expect(classifyRoute({ method: 'GET', url: '/metrics' })).toBe('exempt');
    expect(classifyRoute({ method: 'POST', url: '/api/anything', declared: 'search' })).toBe('search');
  });
});

describe('createAdmission', () => {
  it('admits up to the budget, queues up to the queue, refuses the rest at once, and times waiters out', async () => {
    const a = createAdmission({ ...defaultAdmissionLimits, read: { inFlight: 2, queue: 1, waitMs: 100 } });
    const r1 = await a.acquire('read');
    await a.acquire('read');
    const queued = a.acquire('read');
    await expect(a.acquire('read')).rejects.toMatchObject({ code: 'http.overloaded', status: 429, extensions: { retryAfter: 1, admissionClass: 'read' } });
    expect(a.stats().read).toEqual({ inFlight: 2, queued: 1, rejected: 1 });
    r1();
    r1(); // a second release of the same slot changes nothing
    const r3 = await queued;
    expect(a.stats().read).toEqual({ inFlight: 2, queued: 0, rejected: 1 });
    const late = a.acquire('read');
    const t0 = Date.now();
    await expect(late).rejects.toMatchObject({ code: 'http.overloaded' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(a.stats().read).toEqual({ inFlight: 2, queued: 0, rejected: 2 });
    r3();
    // Other classes never noticed.
    expect(a.stats().write).toEqual({ inFlight: 0, queued: 0, rejected: 0 });
  });

  it('refuses a class with a lag limit at once while the event loop lags past it, and admits it again after', async () => {
    let lag = 80;
    const rejected: string[] = [];
    const a = createAdmission({ ...defaultAdmissionLimits, read: { inFlight: 32, queue: 64, waitMs: 1000, maxLagMs: 50 } }, (cls, reason) => rejected.push(`${cls}:${reason}`), () => lag);
    await expect(a.acquire('read')).rejects.toMatchObject({ code: 'http.overloaded', status: 429, extensions: { retryAfter: 1, admissionClass: 'read' } });
    // A class without a lag limit is admitted as before.
    (await a.acquire('search'))();
    expect(rejected).toEqual(['read:lag']);
    lag = 10;
    const release = await a.acquire('read');
    expect(a.stats().read).toMatchObject({ inFlight: 1, rejected: 1 });
    release();
  });

  it('measures event-loop lag: near zero when idle, high while the loop is blocked', async () => {
    const monitor = createLagMonitor(5);
    try {
      await new Promise((r) => setTimeout(r, 60));
      expect(monitor.lag()).toBeLessThan(30);
      const until = Date.now() + 80;
      while (Date.now() < until) {
        /* block the loop */
      }
      await new Promise((r) => setTimeout(r, 10));
      expect(monitor.lag()).toBeGreaterThan(40);
    } finally {
      monitor.stop();
    }
  });

  it('passes the slot on when the waiting client has gone', async () => {
    const a = createAdmission({ ...defaultAdmissionLimits, write: { inFlight: 1, queue: 2, waitMs: 1000 } });
    const r1 = await a.acquire('write');
    const gone = a.acquire('write', () => true);
    const next = a.acquire('write');
    r1();
    await expect(gone).rejects.toMatchObject({ code: 'http.client_closed' });
    const r3 = await next;
    expect(a.stats().write).toMatchObject({ inFlight: 1, queued: 0 });
    r3();
    expect(a.stats().write).toMatchObject({ inFlight: 0 });
  });
});

const gates: (() => void)[] = [];
const probeRoutes = (app: HttpServer) => {
  // A slow read (held until the test opens its gate) and a quick write: two classes.
  app.get('/api/probe/slow', { config: { permission: 'public' } }, async () => {
    await new Promise<void>((r) => gates.push(r));
    return { ok: true };
  });
  app.post('/api/probe/write', { config: { permission: 'public' } }, async () => ({ ok: true }));
  app.get('/api/probe/quick', { config: { permission: 'public', admission: 'write' } }, async () => ({ ok: true }));
};
const waitFor = async (n: number) => {
  while (gates.length < n) await new Promise((r) => setTimeout(r, 5));
};

describe('admission on the HTTP server', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_HTTP_ADMISSION_LIMITS: 'read=4/4/300', ATOM_LOG_LEVEL: 'warn' }, { extraPlugins: [probeRoutes] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const open of gates.splice(0)) open();
    // The aborted clients' half-closed sockets would hold close() open for seconds.
    t?.app.server.closeAllConnections();
    await t?.cleanup();
  });
  const url = (p: string) => `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}${p}`;

  it('a flood of reads gets prompt 429s while a write completes at once; no 5xx', async () => {
    let refusedSoFar = 0;
    const flooder = new Agent({ connections: 200 });
    const flood = Array.from({ length: 200 }, () =>
      undiciFetch(url('/api/probe/slow'), { dispatcher: flooder }).then(async (r) => {
        if (r.status === 429) refusedSoFar++;
        return { status: r.status, retryAfter: r.headers.get('retry-after'), body: r.status === 429 ? ((await r.json()) as { code: string; requestId?: string }) : await r.text() };
      }),
    );
    await waitFor(4);
    // 4 in flight, 4 queued: the other 192 are refused at once, well before the queued ones' 300 ms wait.
    const floodStarted = performance.now();
    while (refusedSoFar < 192) await new Promise((r) => setTimeout(r, 5));
    expect(performance.now() - floodStarted).toBeLessThan(5000);
    // The read class is full: the write class is not.
    const t0 = performance.now();
    const write = await fetch(url('/api/probe/write'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const writeMs = performance.now() - t0;
    expect(write.status).toBe(200);
    expect(writeMs).toBeLessThan(500);
    // A route may name its class: this GET is a write and gets through too.
    expect((await fetch(url('/api/probe/quick'))).status).toBe(200);
    // Probes are never held.
    expect((await fetch(url('/health'))).status).toBe(200);

    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toMatch(/^atom_http_admission_in_flight\{class="read"\} 4$/m);
    expect(metrics).toMatch(/^atom_http_admission_rejected_total\{class="read",reason="full"\} \d+$/m);

    // The four queued reads time out after 300 ms (no slot freed); then the held ones finish.
    await new Promise((r) => setTimeout(r, 400));
    for (const open of gates.splice(0)) open();
    const answers = await Promise.all(flood);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(196);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.retryAfter).toBe('1');
    expect(refused.body).toMatchObject({ code: 'http.overloaded', admissionClass: 'read' });
    const after = await (await fetch(url('/metrics'))).text();
    // Every refusal is counted: at once (queue full) or after waiting 300 ms (at least the four queued).
    const counted = (reason: string) => Number(new RegExp(`^atom_http_admission_rejected_total\\{class="read",reason="${reason}"\\} (\\d+)$`, 'm').exec(after)?.[1]);
    expect(counted('wait_timeout')).toBeGreaterThanOrEqual(4);
    expect(counted('full') + counted('wait_timeout')).toBe(196);
    expect(after).toMatch(/^atom_http_admission_in_flight\{class="read"\} 0$/m);
    await flooder.close();
  });

  it('queued reads are admitted as slots free up, and aborted requests free theirs', async () => {
    const aborts = Array.from({ length: 4 }, () => new AbortController());
    const gone = aborts.map((a) => fetch(url('/api/probe/slow'), { signal: a.signal }).catch(() => 'aborted'));
    await waitFor(4);
    const queued = Array.from({ length: 2 }, () => fetch(url('/api/probe/slow')).then((r) => r.status));
    await new Promise((r) => setTimeout(r, 30));
    for (const a of aborts) a.abort();
    expect(await Promise.all(gone)).toEqual(['aborted', 'aborted', 'aborted', 'aborted']);
    // The aborted clients' slots went to the two waiting requests.
    await waitFor(6);
    for (const open of gates.splice(0)) open();
    expect(await Promise.all(queued)).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 50));
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toMatch(/^atom_http_admission_in_flight\{class="read"\} 0$/m);
    expect(metrics).toMatch(/^atom_http_admission_queued\{class="read"\} 0$/m);
  });

  it('frees the slot of a client that left while its request was queued', async () => {
    const held = Array.from({ length: 4 }, () => fetch(url('/api/probe/slow')).then((r) => r.status));
    await waitFor(4);
    const leaving = new AbortController();
    const queued = fetch(url('/api/probe/slow'), { signal: leaving.signal }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    leaving.abort();
    expect(await queued).toBe('aborted');
    await new Promise((r) => setTimeout(r, 50));
    // A slot frees up while the departed request is still queued: it is handed on and given straight back.
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 50));
    for (const open of gates.splice(0)) open();
    expect(await Promise.all(held)).toEqual([200, 200, 200, 200]);
    await new Promise((r) => setTimeout(r, 50));
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toMatch(/^atom_http_admission_in_flight\{class="read"\} 0$/m);
    expect(gates).toHaveLength(0); // the departed request's handler never ran
  });

  it('gives the real routes their classes', () => {
    const classOf = (method: string, url: string) => t.app.routeTable.find((r) => r.method === method && r.url === url)?.admission;
    expect(classOf('GET', '/api/auth/me')).toBe('read');
    expect(classOf('GET', '/api/runs')).toBe('read');
    expect(classOf('GET', '/api/memory/search')).toBe('search');
    expect(classOf('POST', '/api/hooks/:token')).toBe('webhook');
    expect(classOf('POST', '/api/chat')).toBe('chat');
    expect(classOf('POST', '/api/voice/command')).toBe('chat');
    expect(classOf('GET', '/api/events')).toBe('exempt');
    expect(classOf('POST', '/api/workflows')).toBe('write');
    expect(classOf('GET', '/health')).toBe('exempt');
  });
});
