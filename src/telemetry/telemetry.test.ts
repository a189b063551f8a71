import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner } from '../../test/support/auth.js';
import { createTestApp } from '../../test/support/context.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('POST /api/telemetry/vitals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0' });
  });
  afterAll(() => t.cleanup());

  const lcp = { name: 'LCP', value: 640, rating: 'good', path: '/workflows' };
  const count = async () => {
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    return Number(/atom_web_vitals_seconds_count\{name="LCP",rating="good"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  };

  it('takes a signed-in page\'s beacon without a CSRF token (sendBeacon cannot send one), same origin', async () => {
    const owner = await signUpOwner(t.app);
    const before = await count();
    const res = await t.app.inject({ method: 'POST', url: '/api/telemetry/vitals', headers: { cookie: owner.cookie, origin: 'http://localhost:80' }, payload: lcp });
    expect(res.statusCode).toBe(204);
    expect(await count()).toBe(before + 1);
  });

  it('still refuses another site, and bad values', async () => {
    const owner = await signUpOwner(t.app);
    const before = await count();
    const foreign = await t.app.inject({ method: 'POST', url: '/api/telemetry/vitals', headers: { cookie: owner.cookie, origin: 'https://evil.example' }, payload: lcp });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('auth.cross_origin');
    const bad = await t.app.inject({ method: 'POST', url: '/api/telemetry/vitals', payload: { name: 'LCP', value: -1, rating: 'good' } });
    expect(bad.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('keeps the CSRF check on every route that acts for the signed-in user', async () => {
    // The exemption is per route and only for public routes: a session's write elsewhere still needs the token.
    const exempt = t.app.routeTable.filter((r) => r.url === '/api/telemetry/vitals');
    expect(exempt).toHaveLength(1);
    const owner = await signUpOwner(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie }, payload: { name: 'x' } });
    expect(res.json().code).toBe('auth.csrf_failed');
  });
});
