// Per-class admission: a flood of one class of request gets prompt 429s + Retry-After while a request of
// another class still completes at once; nothing answers 5xx; slots are freed however a request ends.
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { classifyRoute, createAdmission, createLagMonitor, createRateMeter, defaultAdmissionLimits, shedShare } from './admission.js';
import { currentDbPriority, dbPriorities } from '../db/pool-priority.js';
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
    await expect(a.acquire('read')).rejects.toMatchObject({ code: 'http.overloaded', status: 429, extensions: { retryAfter: expect.any(Number), admissionClass: 'read' } });
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

  it('sheds a class with a lag figure while the loop lags and the server is busy: a share rising with the lag', async () => {
    let lag = 80;
    let busy = true;
    let dice = 0.99;
    const rejected: string[] = [];
    const a = createAdmission(
      { ...defaultAdmissionLimits, read: { inFlight: 32, queue: 64, waitMs: 1000, maxLagMs: 40 } },
      (cls, reason) => rejected.push(`${cls}:${reason}`),
      { lag: () => lag, busy: () => busy },
      () => dice,
    );
    // Twice the lag figure or more: every read is refused, with a Retry-After of 1 to 5 s.
    await expect(a.acquire('read')).rejects.toMatchObject({ code: 'http.overloaded', status: 429, extensions: { retryAfter: 5, admissionClass: 'read' } });
    dice = 0.1;
    await expect(a.acquire('read')).rejects.toMatchObject({ extensions: { retryAfter: 1 } });
    // Search has no lag figure: admitted whatever the lag.
    (await a.acquire('search'))();
    // Half way (60 ms of 40..80): a draw under 0.5 is refused, one above is admitted.
    lag = 60;
    dice = 0.3;
    // Refused at share 0.5: Retry-After 1 + floor(0.3 × 3.5) = 2.
    await expect(a.acquire('read')).rejects.toMatchObject({ code: 'http.overloaded', extensions: { retryAfter: 2 } });
    dice = 0.7;
    (await a.acquire('read'))();
    // A quiet server on a loaded machine lags too: nothing is shed while it is not busy.
    lag = 200;
    busy = false;
    dice = 0;
    (await a.acquire('read'))();
    // Below the figure nothing is shed either.
    busy = true;
    lag = 10;
    const release = await a.acquire('read');
    expect(a.stats().read).toMatchObject({ inFlight: 1, rejected: 3 });
    expect(rejected).toEqual(['read:lag', 'read:lag', 'read:lag']);
    release();
  });

  it('computes the shed share and the arrival rate', () => {
    const limit = { inFlight: 1, queue: 1, waitMs: 1, maxLagMs: 50 };
    expect([0, 50, 75, 100, 400].map((lag) => shedShare(limit, lag))).toEqual([0, 0, 0.5, 1, 1]);
    expect(shedShare({ inFlight: 1, queue: 1, waitMs: 1 }, 1000)).toBe(0);
    let now = 10_000;
    const meter = createRateMeter(() => now);
    for (let i = 0; i < 300; i++) meter.tick();
    expect(meter.perSecond()).toBe(300);
    now += 1000; // the next second: the last full second still counts
    meter.tick();
    expect(meter.perSecond()).toBe(300);
    now += 5000; // a quiet gap forgets it
    expect(meter.perSecond()).toBe(0);
  });

  it('defaults shed reads first and never shed search by lag', () => {
    const lag = (c: keyof typeof defaultAdmissionLimits) => defaultAdmissionLimits[c].maxLagMs ?? Infinity;
    expect(lag('read')).toBeLessThan(lag('write'));
    expect(lag('write')).toBeLessThanOrEqual(lag('webhook'));
    expect(lag('webhook')).toBeLessThan(lag('chat'));
    expect(defaultAdmissionLimits.search.maxLagMs).toBeUndefined();
  });

  it('measures event-loop lag: near zero when idle, rising while the loop keeps stalling, falling after', async () => {
    const monitor = createLagMonitor(5);
    const stall = async () => {
      const until = Date.now() + 80;
      while (Date.now() < until) {
        /* block the loop */
      }
      // Yield for one turn only, as a loop with a backlog does: the monitor's timer fires late, once.
      await new Promise((r) => setTimeout(r, 0));
    };
    try {
      await new Promise((r) => setTimeout(r, 60));
      expect(monitor.lag()).toBeLessThan(30);
      await stall();
      const once = monitor.lag();
      // One stall moves the average part of the way (a single garbage collection should not shed)...
      expect(once).toBeGreaterThan(15);
      expect(once).toBeLessThan(75);
      // ...a loop that stays slow moves it most of the way.
      for (let i = 0; i < 4; i++) await stall();
      expect(monitor.lag()).toBeGreaterThan(50);
      await new Promise((r) => setTimeout(r, 200));
      expect(monitor.lag()).toBeLessThan(30);
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
  // The request's turn at the database pool as its handler sees it, after a body was read or none.
  const seen = async () => {
    await new Promise((r) => setTimeout(r, 1));
    return { priority: currentDbPriority() };
  };
  app.get('/api/probe/priority/search', { config: { permission: 'public', admission: 'search' } }, seen);
  app.get('/api/probe/priority/read', { config: { permission: 'public' } }, seen);
  app.post('/api/probe/priority/webhook', { config: { permission: 'public', admission: 'webhook' } }, seen);
  app.post('/api/probe/priority/write', { config: { permission: 'public' } }, seen);
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

  it("runs each request's database work at its class's priority, with a body or without", async () => {
    const big = JSON.stringify({ text: 'x'.repeat(200_000) });
    // The body arrives in pieces, each read in the socket's own async context.
    const slowBody = () =>
      new ReadableStream<Uint8Array>({
        async start(controller) {
          const bytes = new TextEncoder().encode(big);
          for (let at = 0; at < bytes.length; at += 50_000) {
            controller.enqueue(bytes.slice(at, at + 50_000));
            await new Promise((r) => setTimeout(r, 20));
          }
          controller.close();
        },
      });
    const post = (p: string) => fetch(url(p), { method: 'POST', headers: { 'content-type': 'application/json' }, body: slowBody(), duplex: 'half' } as RequestInit).then((r) => r.json());
    const [search, read, webhook, write] = await Promise.all([
      fetch(url('/api/probe/priority/search')).then((r) => r.json()),
      fetch(url('/api/probe/priority/read')).then((r) => r.json()),
      post('/api/probe/priority/webhook'),
      post('/api/probe/priority/write'),
    ]);
    expect([search, read, webhook, write]).toEqual([dbPriorities.interactive, dbPriorities.read, dbPriorities.bulk, dbPriorities.normal].map((priority) => ({ priority })));
    // Outside any request: the middle.
    expect(currentDbPriority()).toBe(dbPriorities.normal);
  });

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
    expect(refused.retryAfter).toMatch(/^[12]$/);
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

describe('shedding by event-loop lag on the HTTP server', () => {
  const blockLoop = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      /* the server's own loop, as a flood of requests would keep it */
    }
  };
  const serve = async (env: Record<string, string>) => {
    const t = await createTestApp('sqlite', { ATOM_LOG_LEVEL: 'warn', ...env }, { extraPlugins: [probeRoutes] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    return { t, url: (p: string) => `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}${p}` };
  };

  it('refuses reads (429 http.overloaded, reason lag) while the loop lags and the server is busy, and admits them once it catches up', async () => {
    // A busy gate of 0 connections and 0 requests a second: any lag past the read figure counts.
    const { t, url } = await serve({ ATOM_HTTP_ADMISSION_LIMITS: 'read=32/64/1000/5,write=16/32/1000', ATOM_HTTP_ADMISSION_BUSY_CONNECTIONS: '0', ATOM_HTTP_ADMISSION_BUSY_RPS: '0' });
    try {
      const agent = new Agent({ connections: 8 });
      await undiciFetch(url('/api/probe/write'), { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: '{}' });
      // Several 150 ms stalls in a row: the smoothed lag climbs far past twice the figure.
      for (let i = 0; i < 6; i++) {
        blockLoop(150);
        await new Promise((r) => setTimeout(r, 12));
      }
      const reads = await Promise.all(Array.from({ length: 8 }, () => undiciFetch(url('/api/probe/quick'), { dispatcher: agent }).then((r) => r.status)));
      const lagged = await undiciFetch(url('/api/auth/me'), { dispatcher: agent });
      expect(lagged.status).toBe(429);
      expect(await lagged.json()).toMatchObject({ code: 'http.overloaded', admissionClass: 'read' });
      // `/api/probe/quick` is declared a write: writes here have no lag figure and get through.
      expect(reads).toEqual(Array(8).fill(200));
      const metrics = await (await undiciFetch(url('/metrics'), { dispatcher: agent })).text();
      expect(metrics).toMatch(/^atom_http_admission_rejected_total\{class="read",reason="lag"\} [1-9]\d*$/m);
      // Once the loop runs freely again the lag decays and reads are admitted (401 here: no session).
      await new Promise((r) => setTimeout(r, 300));
      expect((await undiciFetch(url('/api/auth/me'), { dispatcher: agent })).status).toBe(401);
      await agent.close();
    } finally {
      await t.cleanup();
    }
  });

  it('does not shed a quiet server, however late its loop runs (default busy gate)', async () => {
    const { t, url } = await serve({ ATOM_HTTP_ADMISSION_LIMITS: 'read=32/64/1000/5' });
    try {
      for (let i = 0; i < 6; i++) {
        blockLoop(150);
        await new Promise((r) => setTimeout(r, 12));
      }
      expect((await fetch(url('/api/auth/me'))).status).toBe(401);
    } finally {
      await t.cleanup();
    }
  });
});
