// Overload: with ATOM_HTTP_MAX_IN_FLIGHT set, API requests past the limit are answered 429 + Retry-After
// at once (a clear, deliberate refusal) instead of queueing into client timeouts; slots free up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpServer } from '../../src/platform/http/server.js';
import { createTestApp } from '../support/context.js';

const gates: (() => void)[] = [];
const slowRoute = (app: HttpServer) => {
  app.get('/api/probe/slow', { config: { permission: 'public' } }, async () => {
    await new Promise<void>((r) => gates.push(r));
    return { ok: true };
  });
};

describe('overload guard (ATOM_HTTP_MAX_IN_FLIGHT)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_HTTP_MAX_IN_FLIGHT: '3', ATOM_LOG_LEVEL: 'warn' }, { extraPlugins: [slowRoute] });
  });
  afterAll(() => t?.cleanup());

  it('refuses past the limit with 429 + Retry-After, never 5xx, and admits again once requests finish', async () => {
    const held = Array.from({ length: 3 }, () => t.app.inject({ method: 'GET', url: '/api/probe/slow' }));
    while (gates.length < 3) await new Promise((r) => setTimeout(r, 5));
    const refused = await t.app.inject({ method: 'GET', url: '/api/probe/slow' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ code: 'http.overloaded' });
    // Non-API paths (health, probes) are never refused.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    for (const open of gates.splice(0)) open();
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const again = t.app.inject({ method: 'GET', url: '/api/probe/slow' });
    while (gates.length < 1) await new Promise((r) => setTimeout(r, 5));
    gates.splice(0).forEach((open) => open());
    expect((await again).statusCode).toBe(200);
  });

  it('frees the slot of a request whose client went away, before and after its handler finished', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}/api/probe/slow`;
    // Three clients give up while their handlers are still running.
    const aborts = Array.from({ length: 3 }, () => new AbortController());
    const gone = aborts.map((a) => fetch(url, { signal: a.signal }).catch(() => 'aborted'));
    while (gates.length < 3) await new Promise((r) => setTimeout(r, 5));
    for (const a of aborts) a.abort();
    expect(await Promise.all(gone)).toEqual(['aborted', 'aborted', 'aborted']);
    await new Promise((r) => setTimeout(r, 50));
    // Their handlers finish afterwards (writing to closed sockets).
    for (const open of gates.splice(0)) open();
    await new Promise((r) => setTimeout(r, 50));
    // All three slots are free again: three more are admitted.
    const next = Array.from({ length: 3 }, () => fetch(url));
    while (gates.length < 3) await new Promise((r) => setTimeout(r, 5));
    for (const open of gates.splice(0)) open();
    expect((await Promise.all(next)).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
