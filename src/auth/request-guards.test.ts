import { afterEach, describe, expect, it } from 'vitest';
import { signUpOwner, TEST_PASSWORD } from '../../test/support/auth.js';
import { createTestApp } from '../../test/support/context.js';
import { testRedisUrl } from '../../test/support/postgres.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('CSRF', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('refuses a cookie-authenticated POST without the token, accepts it with the token', async () => {
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0' });
    const owner = await signUpOwner(t.app);
    const body = { name: 'from the browser' };
    const without = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('auth.csrf_failed');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: body });
    expect(wrong.statusCode).toBe(403);

    const { csrfToken } = (await t.app.inject({ url: '/api/auth/csrf', headers: { cookie: owner.cookie } })).json();
    expect(csrfToken).toBe(owner.csrf);
    const withToken = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: owner.cookie, 'x-csrf-token': csrfToken }, payload: body });
    expect(withToken.statusCode).toBe(201);
    // DELETE and PATCH are state-changing too.
    const del = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${withToken.json().apiToken.id}`, headers: { cookie: owner.cookie } });
    expect(del.statusCode).toBe(403);
  });

  it('does not ask bearer-token requests for a CSRF token', async () => {
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0' });
    const owner = await signUpOwner(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.bearer, payload: { name: 'ci' } });
    expect(res.statusCode).toBe(201);
    expect((await t.app.inject({ url: '/api/auth/csrf' })).json()).toEqual({ csrfToken: null });
  });

  it('refuses state-changing requests from another origin (login CSRF), allows same origin', async () => {
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0' });
    const owner = await signUpOwner(t.app);
    const payload = { email: owner.email, password: TEST_PASSWORD };
    const foreign = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('auth.cross_origin');
    const same = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'http://localhost:80' }, payload });
    expect(same.statusCode).toBe(200);
  });

  it('checks authorization before the body: anonymous gets 401, not a validation error', async () => {
    t = await createTestApp('sqlite');
    const res = await t.app.inject({ method: 'POST', url: '/api/roles', payload: { nonsense: true } });
    expect(res.statusCode).toBe(401);
  });
});

describe('rate limits', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('limits anonymous callers per IP and signed-in callers per user, with Retry-After', async () => {
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5', ATOM_RATE_LIMIT_PER_MINUTE: '8' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.app.inject({ url: '/api/auth/providers', remoteAddress: '10.1.1.1' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await t.ctx.metrics.registry.metrics()).toMatch(/atom_http_rate_limited_total\{scope="ip"\} 2/);
    const limited = await t.app.inject({ url: '/api/auth/providers', remoteAddress: '10.1.1.1' });
    expect(limited.json()).toMatchObject({ status: 429, code: 'http.rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another IP has its own budget.
    expect((await t.app.inject({ url: '/api/auth/providers', remoteAddress: '10.1.1.2' })).statusCode).toBe(200);

    const owner = await signUpOwner(t.app);
    const userStatuses: number[] = [];
    for (let i = 0; i < 8; i++) userStatuses.push((await t.app.inject({ url: '/api/auth/me', headers: owner.bearer, remoteAddress: '10.1.1.3' })).statusCode);
    expect(userStatuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(userStatuses[0]).toBe(200);
  });

  it('limits sign-in attempts per IP more tightly', async () => {
    t = await createTestApp('sqlite', { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '3', ATOM_LOGIN_MAX_FAILURES: '100', ATOM_LOGIN_IP_MAX_FAILURES: '100' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `u${i}@example.com`, password: 'whatever it is' } })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const metrics = await t.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/atom_http_rate_limited_total\{scope="sign_in"\} [1-9]/);
    expect(metrics).toMatch(/atom_auth_sign_ins_total\{method="password",outcome="failure"\} 3/);
  });

  it('keeps counts in Redis when ATOM_REDIS_URL is set, shared by two app instances', async () => {
    const env = { ATOM_REDIS_URL: testRedisUrl(), ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '4' };
    t = await createTestApp('sqlite', env);
    const other = await createTestApp('sqlite', env);
    try {
      const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.app.inject({ url: '/api/auth/providers', remoteAddress: ip })).statusCode);
      for (let i = 0; i < 3; i++) statuses.push((await other.app.inject({ url: '/api/auth/providers', remoteAddress: ip })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await other.cleanup();
    }
  });
});
