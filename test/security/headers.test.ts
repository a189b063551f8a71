import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../support/auth.js';
import { createTestApp } from '../support/context.js';
import { streamingRoutes } from './route-sweep.js';

/**
 * Security headers on every response: every route in the route table (successes and refusals), the
 * not-found handler, router rejections, oversized bodies. HSTS only when Atom is served over TLS.
 */
type Res = { statusCode: number; headers: Record<string, string | string[] | number | undefined> };

function expectSecurityHeaders(res: Res, what: string, tls: boolean) {
  const h = (name: string) => String(res.headers[name] ?? '');
  const csp = h('content-security-policy');
  expect(csp, `${what}: CSP`).toContain("default-src 'self'");
  expect(csp, `${what}: frame-ancestors`).toMatch(/frame-ancestors '(self|none)'/);
  expect(csp, `${what}: object-src`).toContain("object-src 'none'");
  expect(h('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  expect(h('referrer-policy'), `${what}: Referrer-Policy`).toMatch(/no-referrer|strict-origin/);
  expect(h('x-frame-options'), `${what}: X-Frame-Options`).toMatch(/SAMEORIGIN|DENY/);
  if (tls) expect(h('strict-transport-security'), `${what}: HSTS`).toMatch(/max-age=\d{7,}/);
  else expect(res.headers['strict-transport-security'], `${what}: no HSTS over plain HTTP`).toBeUndefined();
}

describe.each([
  ['plain HTTP', false],
  ['TLS (ATOM_PUBLIC_URL https)', true],
] as const)('security headers over %s', (_label, tls) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
      ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
      ...(tls ? { ATOM_PUBLIC_URL: 'https://atom.example.test' } : {}),
    });
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  it('are on every route’s answer, as owner and anonymously', async () => {
    // Event streams never end, so only their refusals are checked here (the realtime tests read their headers).
    const streaming = await streamingRoutes(t.app);
    let checked = 0;
    for (const r of t.app.routeTable) {
      if (r.url.includes('*')) continue;
      const url = r.url.replace(/:[A-Za-z]+/g, 'x0000000000');
      for (const headers of streaming.has(`${r.method} ${r.url}`) ? [{}] : [owner.bearer, {}]) {
        const res = await t.app.inject({ method: r.method as 'GET', url, headers, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) });
        expectSecurityHeaders(res, `${r.method} ${r.url} → ${res.statusCode}`, tls);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('are on errors the router and the body parser produce', async () => {
    const cases: [string, () => Promise<Res>][] = [
      ['unknown API path', () => t.app.inject({ method: 'GET', url: '/api/nothing-here' })],
      ['undecodable path', () => t.app.inject({ method: 'GET', url: '/api/workflows/%ED%A0%80' })],
      ['over-long path parameter', () => t.app.inject({ method: 'GET', url: `/api/workflows/${'a'.repeat(1000)}` })],
      ['malformed JSON', () => t.app.inject({ method: 'POST', url: '/api/conversations', headers: { ...owner.bearer, 'content-type': 'application/json' }, payload: '{"title":' })],
      ['oversized body', () => t.app.inject({ method: 'POST', url: '/api/conversations', headers: { ...owner.bearer, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'x'.repeat(2_000_000) }) })],
      ['OpenAPI document', () => t.app.inject({ method: 'GET', url: '/openapi.json' })],
    ];
    for (const [what, call] of cases) {
      const res = await call();
      expect(res.statusCode, what).toBeLessThan(500);
      expectSecurityHeaders(res, what, tls);
    }
  });
});
