import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.js';
import { createTestContext, type TestContext } from '../../test/support/context.js';
import { TEST_PASSWORD } from '../../test/support/auth.js';

/**
 * Single sign-on end to end: the real server listening on a port, openid-client talking to
 * oauth2-mock-server as the provider, and the browser's redirects followed by hand (fetch, manual).
 */
interface Me {
  user: { id: string };
  workspace: { role: string };
}

describe('OIDC sign-in against oauth2-mock-server', () => {
  const provider = new OAuth2Server();
  let issuer = '';
  let claims: Record<string, unknown> = {};
  let t: TestContext | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    await provider.issuer.keys.generate('RS256');
    await provider.start(0, '127.0.0.1');
    issuer = provider.issuer.url!;
    provider.service.on('beforeTokenSigning', (token) => Object.assign(token.payload, claims));
  });
  afterAll(() => provider.stop());
  afterEach(async () => {
    await server?.stop();
    await t?.cleanup();
    server = undefined;
    t = undefined;
  });

  async function boot(env: Record<string, string> = {}) {
    t = await createTestContext('sqlite', {
      ATOM_OIDC_ISSUER: issuer,
      ATOM_OIDC_CLIENT_ID: 'atom-test',
      ATOM_OIDC_CLIENT_SECRET: 'client-secret-for-tests',
      ATOM_HOST: '127.0.0.1',
      ATOM_LOGIN_DELAY_MS: '0',
      ...env,
    });
    server = await startServer(t.config, { ctx: t.ctx });
    return server.url;
  }

  const setCookies = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

  /** Start → provider's authorize endpoint → back to the callback; returns the final answer. */
  async function signInThroughProvider(base: string, options: { tamperState?: boolean; dropCookie?: boolean } = {}) {
    const start = await fetch(`${base}/api/auth/oidc/start?returnTo=/settings/members`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    const flowCookie = setCookies(start).find((c) => c.startsWith('atom_oidc='))!;
    const toProvider = await fetch(authorize, { redirect: 'manual' });
    expect(toProvider.status).toBe(302);
    const callback = new URL(toProvider.headers.get('location')!);
    if (options.tamperState) callback.searchParams.set('state', 'forged-state');
    const back = await fetch(callback, { redirect: 'manual', headers: options.dropCookie ? {} : { cookie: flowCookie } });
    return { authorize, callback, back };
  }

  it('signs in with authorization code + PKCE and makes the first account the owner', async () => {
    claims = { sub: 'sso-user-1', email: 'Sso.User@Example.com', email_verified: true, name: 'Sso User' };
    const base = await boot();
    const providers = (await (await fetch(`${base}/api/auth/providers`)).json()) as { oidc: unknown };
    expect(providers.oidc).toEqual({ enabled: true, label: 'Single sign-on' });

    const { authorize, callback, back } = await signInThroughProvider(base);
    expect(authorize.origin).toBe(new URL(issuer).origin);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${base}/api/auth/oidc/callback`);
    expect(callback.pathname).toBe('/api/auth/oidc/callback');

    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/settings/members');
    const session = setCookies(back).find((c) => c.startsWith('atom_session=') && c !== 'atom_session=');
    expect(session).toBeDefined();
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie: session! } })).json()) as Me;
    expect(me).toMatchObject({ user: { email: 'sso.user@example.com', name: 'Sso User' }, workspace: { role: 'owner' }, via: 'session' });

    // The same identity signs in to the same account again.
    const again = await signInThroughProvider(base);
    const session2 = setCookies(again.back).find((c) => c.startsWith('atom_session=') && c !== 'atom_session=');
    const me2 = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie: session2! } })).json()) as Me;
    expect(me2.user.id).toBe(me.user.id);
    expect(await t!.ctx.db.selectFrom('auth_users').select('id').execute()).toHaveLength(1);
    expect(await t!.ctx.metrics.registry.metrics()).toMatch(/atom_auth_sign_ins_total\{method="oidc",outcome="success"\} 2/);
    const log = t!.logs.text;
    expect(log).not.toContain('client-secret-for-tests');
    expect(log).not.toContain(session!.split('=')[1]!);
  });

  it('refuses a forged state and a missing flow cookie', async () => {
    claims = { sub: 'sso-user-2', email: 'two@example.com', email_verified: true };
    const base = await boot();
    const forged = await signInThroughProvider(base, { tamperState: true });
    expect(forged.back.status).toBe(302);
    expect(forged.back.headers.get('location')).toBe('/sign-in?error=sso_failed');
    expect(setCookies(forged.back).some((c) => c.startsWith('atom_session=') && c !== 'atom_session=')).toBe(false);
    const noCookie = await signInThroughProvider(base, { dropCookie: true });
    expect(noCookie.back.headers.get('location')).toBe('/sign-in?error=sso_expired');
  });

  it('links to an existing account only by a verified email', async () => {
    const base = await boot();
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'pat@example.com', password: TEST_PASSWORD, name: 'Pat' }),
    });
    expect(signup.status).toBe(201);
    claims = { sub: 'pat-unverified', email: 'pat@example.com', email_verified: false };
    expect((await signInThroughProvider(base)).back.headers.get('location')).toBe('/sign-in?error=sso_email_unverified');
    claims = { sub: 'pat-verified', email: 'pat@example.com', email_verified: true };
    const ok = await signInThroughProvider(base);
    expect(ok.back.headers.get('location')).toBe('/settings/members');
    const ids = await t!.ctx.db.selectFrom('auth_identities').selectAll().execute();
    expect(ids.map((i) => i.subject)).toEqual(['pat-verified']);
  });

  it('keeps newcomers out in invite mode unless an invitation names their email', async () => {
    const base = await boot({ ATOM_SIGNUP: 'invite' });
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@example.com', password: TEST_PASSWORD, name: 'Boss' }),
    });
    const cookie = setCookies(signup).find((c) => c.startsWith('atom_session='))!;
    const { csrfToken } = (await signup.json()) as { csrfToken: string };
    claims = { sub: 'newcomer', email: 'new@example.com', email_verified: true };
    expect((await signInThroughProvider(base)).back.headers.get('location')).toBe('/sign-in?error=sso_signup_invite_only');
    const inv = await fetch(`${base}/api/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ email: 'new@example.com', role: 'viewer' }),
    });
    expect(inv.status).toBe(201);
    const ok = await signInThroughProvider(base);
    const session = setCookies(ok.back).find((c) => c.startsWith('atom_session=') && c !== 'atom_session=');
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie: session! } })).json()) as Me;
    expect(me.workspace.role).toBe('viewer');
  });

  it('answers 404 when SSO is not configured', async () => {
    t = await createTestContext('sqlite', { ATOM_HOST: '127.0.0.1' });
    server = await startServer(t.config, { ctx: t.ctx });
    const res = await fetch(`${server.url}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(404);
  });
});
