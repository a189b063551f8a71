import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { builtInRoleNames, builtInRoles, permissionNames, type BuiltInRole } from './permissions.js';
import { csrfTokenFor } from './secrets.js';
import { authServices } from './services.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

// Any id: the matrix checks who may call a route, not what the route finds.
const someId = '01930000-0000-7000-8000-000000000000';
const concretePath = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, someId).replace(/\*/g, 'x');
const hasBody = (method: string) => ['POST', 'PUT', 'PATCH'].includes(method);

/**
 * Injects and reads the answer; a streaming answer (text/event-stream never ends by design) is read
 * only as far as its status and headers, then closed.
 */
async function call(app: TestApp['app'], opts: InjectOptions): Promise<{ statusCode: number; body: string }> {
  const res = await app.inject({ ...opts, payloadAsStream: true });
  const stream = res.stream();
  if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    stream.destroy();
    return { statusCode: res.statusCode, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return { statusCode: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Every route of the whole app (all domains, derived from app.routeTable) × anonymous and each built-in
 * role, checked against the permission the route declares: anonymous gets 401, a role without the
 * permission 403, a role with it anything but 401/403.
 */
describe.each(dialects)('authorization matrix on %s', (dialect) => {
  let t: TestApp;
  const actors = {} as Record<BuiltInRole, TestActor>;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
      ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
      ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
    });
    actors.owner = await signUpOwner(t.app);
    for (const role of ['admin', 'member', 'viewer'] as const) actors[role] = await addMember(t.app, actors.owner, role);
  });
  afterAll(() => t.cleanup());

  const routes = () =>
    t.app.routeTable.filter((r) => !r.hidden && r.permission !== 'public' && r.method !== 'OPTIONS');

  it('finds the routes of the app, each declaring a known permission', () => {
    const all = t.app.routeTable.filter((r) => !r.hidden);
    expect(routes().length).toBeGreaterThan(15);
    // The matrix covers the other domains' routes too, not only the auth domain's.
    expect(new Set(routes().map((r) => r.url.split('/')[2])).size).toBeGreaterThan(5);
    const unknown = all.filter((r) => !['public', 'authenticated', 'session', ...permissionNames].includes(r.permission ?? ''));
    expect(unknown.map((r) => `${r.method} ${r.url} (${r.permission ?? 'none'})`)).toEqual([]);
  });

  it('answers anonymous callers 401 on every non-public route', async () => {
    const wrong: string[] = [];
    for (const r of routes()) {
      const res = await call(t.app, { method: r.method as 'GET', url: concretePath(r.url), ...(hasBody(r.method) ? { payload: {} } : {}) });
      if (res.statusCode !== 401) wrong.push(`${r.method} ${r.url} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it.each(builtInRoleNames)('lets %s call exactly the routes its permissions allow (API token)', async (role) => {
    const granted = new Set<string>(builtInRoles[role].permissions);
    const wrong: string[] = [];
    for (const r of routes()) {
      // 'session' routes (a user's browser sessions) are never a token's to call.
      const allowed = r.permission === 'authenticated' || granted.has(r.permission ?? '');
      const res = await call(t.app, {
        method: r.method as 'GET',
        url: concretePath(r.url),
        headers: actors[role].bearer,
        ...(hasBody(r.method) ? { payload: {} } : {}),
      });
      const denied = res.statusCode === 401 || res.statusCode === 403;
      if (allowed === denied || (!allowed && res.statusCode !== 403)) {
        wrong.push(`${r.method} ${r.url} [${r.permission}] → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('gives the same answers through a browser session with its CSRF token (viewer)', async () => {
    const granted = new Set<string>(builtInRoles.viewer.permissions);
    const wrong: string[] = [];
    for (const r of routes()) {
      // A fresh session per route: some routes (sign out everywhere) end the session they are called with.
      const { secret } = await authServices(t.ctx).sessions.create({ userId: actors.viewer.userId, method: 'password', ip: null, userAgent: null });
      const s = { cookie: `atom_session=${secret}`, csrf: csrfTokenFor(secret) };
      const allowed = r.permission === 'authenticated' || r.permission === 'session' || granted.has(r.permission ?? '');
      const res = await call(t.app, {
        method: r.method as 'GET',
        url: concretePath(r.url),
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        ...(hasBody(r.method) ? { payload: {} } : {}),
      });
      const denied = res.statusCode === 401 || res.statusCode === 403;
      if (allowed === denied) wrong.push(`${r.method} ${r.url} [${r.permission}] → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
