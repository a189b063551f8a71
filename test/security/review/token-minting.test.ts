import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signIn, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 11 of the security review: a narrow custom-role token could mint a broader token, and any
 * token could end all of its user's browser sessions. A token minted with a token stays within that
 * token's scope; only a browser session lists or ends browser sessions.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };

describe.each(dialects)('finding 11: token minting and sessions, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let member: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    owner = await signUpOwner(t.app);
    expect((await t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.session, payload: { name: 'reader', permissions: ['workflows:read'] } })).statusCode).toBe(201);
    member = await addMember(t.app, owner, 'member');
  }, 60_000);
  afterAll(() => t.cleanup());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const permissionsOf = async (headers: Record<string, string>) =>
    (await t.app.inject({ url: '/api/auth/me', headers })).json<{ workspace: { permissions: string[] } }>().workspace.permissions;

  it('finding 11: a narrow custom-role token cannot mint a broader token', async () => {
    const narrow = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: member.session, payload: { name: 'narrow', role: 'reader' } });
    expect(narrow.statusCode).toBe(201);
    const reader = bearer(narrow.json<{ token: string }>().token);
    expect(await permissionsOf(reader)).toEqual(['workflows:read']);

    for (const role of ['member', 'viewer', 'admin', 'owner']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: reader, payload: { name: `wider-${role}`, role } });
      expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
      expect(res.body).not.toContain('atom_');
    }
    // Without a role, a token minted by a token gets that token's scope, not the member's role.
    const plain = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: reader, payload: { name: 'plain' } });
    expect(plain.statusCode).toBe(201);
    expect(plain.json<{ apiToken: { role: string } }>().apiToken.role).toBe('reader');
    expect(await permissionsOf(bearer(plain.json<{ token: string }>().token))).toEqual(['workflows:read']);
    const names = (await t.app.inject({ url: '/api/tokens', headers: member.session })).json<{ tokens: { name: string }[] }>().tokens.map((x) => x.name);
    expect(names.filter((n) => n.startsWith('wider-'))).toEqual([]);
  });

  it('finding 11: a member token cannot mint a token above the member, nor a custom role it does not cover', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.session, payload: { name: 'auditor', permissions: ['audit:read'] } })).statusCode).toBe(201);
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: member.bearer, payload: { name: 'auditor', role: 'auditor' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('access.delegation_exceeds_holder');
    const within = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: member.bearer, payload: { name: 'viewer', role: 'viewer' } });
    expect(within.statusCode).toBe(201);
  });

  it('finding 11: an API token cannot list or end browser sessions; the browser session can', async () => {
    const other = await signIn(t.app, owner.email);
    const sessions = await t.app.inject({ url: '/api/auth/sessions', headers: owner.session });
    expect(sessions.statusCode).toBe(200);
    const ids = sessions.json<{ sessions: { id: string }[] }>().sessions.map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);

    const all = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/revoke-all', headers: owner.bearer, payload: {} });
    expect(all.statusCode).toBe(403);
    expect(all.json().code).toBe('auth.session_required');
    const one = await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${ids[0]}`, headers: owner.bearer });
    expect(one.statusCode).toBe(403);
    const list = await t.app.inject({ url: '/api/auth/sessions', headers: owner.bearer });
    expect(list.statusCode).toBe(403);
    expect(list.body).not.toContain(ids[0]);
    // Both browser sessions still work.
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: owner.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode).toBe(200);

    const fromBrowser = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/revoke-all', headers: owner.session, payload: { keepCurrent: true } });
    expect(fromBrowser.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: owner.cookie } })).statusCode).toBe(200);
  });
});
