import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signUpOwner, TEST_PASSWORD, type TestActor } from '../support/auth.js';
import { createTestApp, dialects } from '../support/context.js';

/**
 * Attacks on sign-in and sessions, end to end through the HTTP API: session fixation, brute force, and
 * CSRF / cross-origin requests swept over every state-changing route in the route table.
 */
const sessionOf = (setCookie: string | string[] | undefined): string | undefined => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.find((c) => c.startsWith('atom_session=') && !c.startsWith('atom_session=;'));
};
const cookieValue = (line: string | undefined) => line?.split(';')[0]?.slice('atom_session='.length);

describe.each(dialects)('session fixation and brute force on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '5', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000' });
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  it('issues a new session id at sign-in, ignoring one the attacker planted', async () => {
    const planted = 'attacker-chosen-session-id-0123456789abcdef';
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: `atom_session=${planted}` }, payload: { email: owner.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const line = sessionOf(res.headers['set-cookie']);
    expect(line).toBeDefined();
    expect(cookieValue(line)).not.toBe(planted);
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=(Lax|Strict)/i);
    // The planted id never became a session.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `atom_session=${planted}` } })).statusCode).toBe(401);
  });

  it('gives a signed-in browser a fresh session id when it signs in again', async () => {
    const before = owner.cookie;
    // Signed in, the browser's POST carries its CSRF token like any other.
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: before, 'x-csrf-token': owner.csrf }, payload: { email: owner.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(`atom_session=${cookieValue(sessionOf(res.headers['set-cookie'])) ?? ''}`).not.toBe(before);
  });

  it('locks the account after repeated wrong passwords, even for the right one', async () => {
    const victim = await signUpOwner(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: `guess-${i}` } })).statusCode);
    }
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: TEST_PASSWORD } });
    expect(right.statusCode).toBe(429);
    expect(String(right.headers['content-type'])).toContain('application/problem+json');
    expect(sessionOf(right.headers['set-cookie'])).toBeUndefined();
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('CSRF and cross-origin requests on every state-changing route', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_RATE_LIMIT_PER_MINUTE: '1000000', ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000' });
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  const routes = () => t.app.routeTable.filter((r) => unsafe.has(r.method) && !r.hidden);
  const urlOf = (template: string) => template.replace(/:[A-Za-z]+/g, 'x0000000000');

  it('refuses every cookie-authenticated unsafe request without the CSRF token, before doing anything', async () => {
    const swept: string[] = [];
    for (const r of routes().filter((x) => x.permission !== 'public')) {
      for (const headers of [{ cookie: owner.cookie }, { cookie: owner.cookie, 'x-csrf-token': 'forged-token' }]) {
        const res = await t.app.inject({ method: r.method as 'POST', url: urlOf(r.url), headers: { ...headers, 'x-atom-workspace': owner.workspaceId }, payload: {} });
        expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
        expect(res.json<{ code: string }>().code).toBe('auth.csrf_failed');
      }
      swept.push(`${r.method} ${r.url}`);
    }
    expect(swept.length).toBeGreaterThan(40);
    // The session still works (nothing above signed it out or changed it).
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: owner.cookie } })).statusCode).toBe(200);
  });

  it('refuses unsafe requests from another site (Origin) without a bearer token, public routes included', async () => {
    for (const r of routes()) {
      const res = await t.app.inject({ method: r.method as 'POST', url: urlOf(r.url), headers: { ...owner.session, origin: 'https://evil.example' }, payload: {} });
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${r.method} ${r.url}`).toBeLessThan(500);
      if (r.permission !== 'public') expect(res.json<{ code: string }>().code, `${r.method} ${r.url}`).toBe('auth.cross_origin');
    }
    // A sign-in posted from another site is refused too (login CSRF).
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { email: owner.email, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(403);
    expect(sessionOf(login.headers['set-cookie'])).toBeUndefined();
  });

  it('still accepts the same requests with the right token from the same site', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/conversations', headers: owner.session, payload: { title: 'with token' } });
    expect(res.statusCode).toBeLessThan(300);
    const fresh = await signIn(t.app, owner.email);
    expect(fresh.csrf).toBeTruthy();
  });
});
