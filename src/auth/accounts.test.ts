import { afterEach, describe, expect, it } from 'vitest';
import { addMember, signIn, signUpOwner, TEST_PASSWORD } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const cookieOf = (res: { headers: Record<string, unknown> }, name = 'atom_session') => {
  const raw = res.headers['set-cookie'];
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as string[];
  return list.find((c) => c.startsWith(`${name}=`));
};

describe.each(dialects)('accounts and sessions on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });
  const start = async (env: Record<string, string> = {}) => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ...env });
    return t;
  };

  it('makes the first account owner of a first workspace, and sets a safe session cookie', async () => {
    const { app } = await start();
    const providers = await app.inject({ url: '/api/auth/providers' });
    expect(providers.json()).toMatchObject({ signup: 'open', needsFirstAccount: true, oidc: { enabled: false } });
    const res = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'Ann@Example.com', password: TEST_PASSWORD, name: 'Ann' } });
    expect(res.statusCode).toBe(201);
    const me = res.json();
    expect(me).toMatchObject({ user: { email: 'ann@example.com', name: 'Ann' }, workspace: { role: 'owner', name: "Ann's workspace" }, via: 'session' });
    expect(me.workspace.permissions).toContain('members:manage');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^atom_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const who = await app.inject({ url: '/api/auth/me', headers: { cookie: cookie!.split(';')[0]! } });
    expect(who.statusCode).toBe(200);
    expect(who.json().user.id).toBe(me.user.id);
    expect((await app.inject({ url: '/api/auth/providers' })).json().needsFirstAccount).toBe(false);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const { app } = await start({ ATOM_PUBLIC_URL: 'https://atom.example.com' });
    const res = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'a@example.com', password: TEST_PASSWORD, name: 'A' } });
    expect(cookieOf(res)).toMatch(/; Secure$/);
  });

  it('answers 401 to anonymous /me and refuses weak passwords naming the field', async () => {
    const { app } = await start();
    const me = await app.inject({ url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('auth.unauthenticated');
    const weak = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'a@example.com', password: 'password123', name: 'A' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'auth.password.weak', errors: [{ field: 'body.password' }] });
    const bad = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'nope', password: TEST_PASSWORD, name: 'A' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.email');
  });

  it('gives later open sign-ups their own workspace, and refuses them in invite mode', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const second = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'b@example.com', password: TEST_PASSWORD, name: 'Bee' } });
    expect(second.statusCode).toBe(201);
    expect(second.json().workspace.id).not.toBe(owner.workspaceId);
    expect(second.json().workspace.role).toBe('owner');
    // An address with an account gets the answer a new one gets, but no account and no session
    // (test/security/review/signup-enumeration.test.ts).
    const dup = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'B@example.com', password: TEST_PASSWORD, name: 'Bee' } });
    expect(dup.statusCode).toBe(201);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: cookieOf(dup)!.split(';')[0]! } })).statusCode).toBe(401);
  });

  it('in invite mode, lets in only people with an invitation link, once', async () => {
    const { app } = await start({ ATOM_SIGNUP: 'invite' });
    const owner = await signUpOwner(app);
    const refused = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'c@example.com', password: TEST_PASSWORD, name: 'Cee' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.signup_invite_only');

    const inv = await app.inject({ method: 'POST', url: '/api/invitations', headers: owner.bearer, payload: { role: 'member' } });
    expect(inv.statusCode).toBe(201);
    const { token, url } = inv.json();
    expect(url).toBe(`http://localhost:80/invite/${token}`);
    const lookup = await app.inject({ method: 'POST', url: '/api/auth/invitations/lookup', payload: { token } });
    expect(lookup.json()).toMatchObject({ role: 'member', email: null });
    const joined = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'c@example.com', password: TEST_PASSWORD, name: 'Cee', invitation: token } });
    expect(joined.statusCode).toBe(201);
    expect(joined.json().workspace).toMatchObject({ id: owner.workspaceId, role: 'member' });
    const again = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'd@example.com', password: TEST_PASSWORD, name: 'Dee', invitation: token } });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('auth.invitation_invalid');
  });

  it('lets an existing user join a second workspace and switch with x-atom-workspace', async () => {
    const { app } = await start();
    const a = await signUpOwner(app);
    const b = await signUpOwner(app);
    const inv = (await app.inject({ method: 'POST', url: '/api/invitations', headers: a.bearer, payload: { email: b.email, role: 'viewer' } })).json();
    const accept = await app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: { cookie: b.cookie, 'x-csrf-token': b.csrf }, payload: { token: inv.token } });
    expect(accept.statusCode).toBe(200);
    const inA = await app.inject({ url: '/api/auth/me', headers: { cookie: b.cookie, 'x-atom-workspace': a.workspaceId } });
    expect(inA.json().workspace).toMatchObject({ id: a.workspaceId, role: 'viewer' });
    expect(inA.json().workspaces).toHaveLength(2);
    // The last used workspace becomes the default.
    const dflt = await app.inject({ url: '/api/auth/me', headers: { cookie: b.cookie } });
    expect(dflt.json().workspace.id).toBe(a.workspaceId);
    const foreign = await app.inject({ url: '/api/auth/me', headers: { cookie: b.cookie, 'x-atom-workspace': 'ws_unknown' } });
    expect(foreign.statusCode).toBe(404);
    const switched = await app.inject({ method: 'POST', url: '/api/workspaces/switch', headers: { cookie: b.cookie, 'x-csrf-token': b.csrf }, payload: { workspaceId: b.workspaceId } });
    expect(switched.json()).toMatchObject({ id: b.workspaceId, role: 'owner' });
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: b.cookie } })).json().workspace.id).toBe(b.workspaceId);
    const notMine = await app.inject({ method: 'POST', url: '/api/workspaces/switch', headers: b.bearer, payload: { workspaceId: 'ws_nope' } });
    expect(notMine.statusCode).toBe(404);
  });

  it('issues a new session id on login, signs out, and signs out everywhere', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const planted = owner.cookie;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: planted, 'x-csrf-token': owner.csrf }, payload: { email: owner.email, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const fresh = cookieOf(login)!.split(';')[0]!;
    expect(fresh).not.toBe(planted);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: planted } })).statusCode).toBe(401);

    const second = await signIn(app, owner.email);
    const list = await app.inject({ url: '/api/auth/sessions', headers: { cookie: fresh } });
    expect(list.json().sessions).toHaveLength(2);
    expect(list.json().sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const csrf = login.json().csrfToken as string;
    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: fresh, 'x-csrf-token': csrf } });
    expect(logout.statusCode).toBe(200);
    expect(cookieOf(logout)).toMatch(/^atom_session=; .*Max-Age=0/);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: fresh } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: second.cookie } })).statusCode).toBe(200);

    const third = await signIn(app, owner.email);
    const all = await app.inject({ method: 'POST', url: '/api/auth/sessions/revoke-all', headers: { cookie: third.cookie, 'x-csrf-token': third.csrf }, payload: {} });
    expect(all.json()).toEqual({ revoked: 2 });
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: second.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: third.cookie } })).statusCode).toBe(401);
    // API tokens are not sessions: they keep working.
    expect((await app.inject({ url: '/api/auth/me', headers: owner.bearer })).statusCode).toBe(200);
  });

  it('ends one session by id, and changes the password ending the other sessions', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const other = await signIn(app, owner.email);
    const sessions = (await app.inject({ url: '/api/auth/sessions', headers: owner.session })).json().sessions as { id: string; current: boolean }[];
    const otherId = sessions.find((s) => !s.current)!.id;
    const del = await app.inject({ method: 'DELETE', url: `/api/auth/sessions/${otherId}`, headers: owner.session });
    expect(del.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: other.cookie } })).statusCode).toBe(401);

    const third = await signIn(app, owner.email);
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/password', headers: owner.session, payload: { currentPassword: 'nope nope nope', newPassword: 'a brand new passphrase' } });
    expect(wrong.statusCode).toBe(400);
    const changed = await app.inject({ method: 'POST', url: '/api/auth/password', headers: owner.session, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' } });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: third.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: owner.session })).statusCode).toBe(200);
    const relogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: 'a brand new passphrase' } });
    expect(relogin.statusCode).toBe(200);
  });

  it('creates API tokens shown once, scoped to workspace and role, and deletes them', async () => {
    const { app, ctx } = await start();
    const owner = await signUpOwner(app);
    const created = await app.inject({ method: 'POST', url: '/api/tokens', headers: owner.session, payload: { name: 'reader', role: 'viewer', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^atom_/);
    const me = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    // The role is the member's own; the token's role only narrows the permissions.
    expect(me.json().workspace).toMatchObject({ id: owner.workspaceId, role: 'owner', tokenRole: 'viewer', permissions: ['comments:write', 'connections:read', 'memory:read', 'workflows:read'] });
    const listed = await app.inject({ url: '/api/tokens', headers: owner.session });
    expect(listed.body).not.toContain(token);
    expect(listed.json().tokens.find((x: { id: string }) => x.id === apiToken.id).lastUsedAt).not.toBeNull();
    // A viewer token cannot act as owner, nor be used in another workspace.
    const denied = await app.inject({ method: 'POST', url: '/api/invitations', headers: { authorization: `Bearer ${token}` }, payload: {} });
    expect(denied.statusCode).toBe(403);
    const elsewhere = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}`, 'x-atom-workspace': 'ws_other' } });
    expect(elsewhere.statusCode).toBe(403);
    const del = await app.inject({ method: 'DELETE', url: `/api/tokens/${apiToken.id}`, headers: owner.session });
    expect(del.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', headers: { authorization: 'Bearer atom_madeup' } })).statusCode).toBe(401);
    const rows = await ctx.db.selectFrom('auth_api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(owner.token);
  });

  it('narrows a member token when its owner is demoted, and ends it when they are removed', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const member = await addMember(app, owner, 'member');
    expect((await app.inject({ url: '/api/auth/me', headers: member.bearer })).json().workspace.permissions).toContain('workflows:write');
    const demote = await app.inject({ method: 'PATCH', url: `/api/members/${member.userId}`, headers: owner.bearer, payload: { role: 'viewer' } });
    expect(demote.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: member.bearer })).json().workspace.permissions).not.toContain('workflows:write');
    const remove = await app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer });
    expect(remove.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: member.bearer })).statusCode).toBe(401);
  });

  it('follows a session user\'s current role in their last used workspace on the next request, with or without naming it', async () => {
    const { app } = await start();
    const a = await signUpOwner(app);
    const b = await signUpOwner(app);
    const inv = (await app.inject({ method: 'POST', url: '/api/invitations', headers: a.bearer, payload: { email: b.email, role: 'member' } })).json();
    await app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: { cookie: b.cookie, 'x-csrf-token': b.csrf }, payload: { token: inv.token } });
    const me = async (named?: string) => app.inject({ url: '/api/auth/me', headers: { cookie: b.cookie, ...(named ? { 'x-atom-workspace': named } : {}) } });
    // Naming A makes it b's last used workspace; from then on the session's default is A.
    expect((await me(a.workspaceId)).json().workspace).toMatchObject({ id: a.workspaceId, role: 'member' });
    expect((await me()).json().workspace.permissions).toContain('workflows:write');
    await app.inject({ method: 'PATCH', url: `/api/members/${b.userId}`, headers: a.bearer, payload: { role: 'viewer' } });
    for (const named of [undefined, a.workspaceId]) {
      const now = (await me(named)).json().workspace;
      expect(now).toMatchObject({ id: a.workspaceId, role: 'viewer' });
      expect(now.permissions).not.toContain('workflows:write');
    }
    await app.inject({ method: 'DELETE', url: `/api/members/${b.userId}`, headers: a.bearer });
    // Removed from A: naming it is refused, and the default falls back to b's own workspace.
    expect((await me(a.workspaceId)).statusCode).toBe(404);
    expect((await me()).json().workspace).toMatchObject({ id: b.workspaceId, role: 'owner' });
  });

  it('lets someone removed from every workspace sign in, see no workspace, and create one', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const member = await addMember(app, owner, 'member');
    await app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer });
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie: member.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ workspace: null, workspaces: [] });
    expect((await app.inject({ url: '/api/members', headers: { cookie: member.cookie } })).json()).toEqual({ members: [] });
    expect((await app.inject({ url: '/api/roles', headers: { cookie: member.cookie } })).json().custom).toEqual([]);
    const created = await app.inject({ method: 'POST', url: '/api/workspaces', headers: { cookie: member.cookie, 'x-csrf-token': member.csrf }, payload: { name: 'Fresh start' } });
    expect(created.statusCode).toBe(201);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: member.cookie } })).json().workspace).toMatchObject({ name: 'Fresh start', role: 'owner' });
  });

  it('refuses an invitation addressed to another email', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const other = await signUpOwner(app);
    const inv = (await app.inject({ method: 'POST', url: '/api/invitations', headers: owner.bearer, payload: { email: 'someone.else@example.com', role: 'viewer' } })).json();
    const accept = await app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: other.bearer, payload: { token: inv.token } });
    expect(accept.statusCode).toBe(403);
    const signup = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'third@example.com', password: TEST_PASSWORD, name: 'Third', invitation: inv.token } });
    expect(signup.statusCode).toBe(400);
    expect(signup.json().errors[0].field).toBe('body.email');
    // The invitation is still open for the right person.
    expect((await app.inject({ url: '/api/invitations', headers: owner.bearer })).json().invitations).toHaveLength(1);
  });

  it('keeps at least one owner and lets only owners touch owners', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const admin = await addMember(app, owner, 'admin');
    const toOwner = await app.inject({ method: 'PATCH', url: `/api/members/${admin.userId}`, headers: admin.bearer, payload: { role: 'owner' } });
    expect(toOwner.statusCode).toBe(403);
    const demoteOwner = await app.inject({ method: 'PATCH', url: `/api/members/${owner.userId}`, headers: admin.bearer, payload: { role: 'viewer' } });
    expect(demoteOwner.statusCode).toBe(403);
    const self = await app.inject({ method: 'PATCH', url: `/api/members/${owner.userId}`, headers: owner.bearer, payload: { role: 'admin' } });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('members.last_owner');
    const unknown = await app.inject({ method: 'PATCH', url: `/api/members/${admin.userId}`, headers: owner.bearer, payload: { role: 'wizard' } });
    expect(unknown.statusCode).toBe(400);
  });

  it('composes custom roles from the permission list and enforces them', async () => {
    const { app } = await start();
    const owner = await signUpOwner(app);
    const created = await app.inject({ method: 'POST', url: '/api/roles', headers: owner.bearer, payload: { name: 'auditor', permissions: ['audit:read', 'workflows:read'] } });
    expect(created.statusCode).toBe(201);
    const bogus = await app.inject({ method: 'POST', url: '/api/roles', headers: owner.bearer, payload: { name: 'x', permissions: ['root:all'] } });
    expect(bogus.statusCode).toBe(400);
    const reserved = await app.inject({ method: 'POST', url: '/api/roles', headers: owner.bearer, payload: { name: 'Admin', permissions: [] } });
    expect(reserved.statusCode).toBe(400);
    const auditor = await addMember(app, owner, 'auditor');
    const me = (await app.inject({ url: '/api/auth/me', headers: auditor.bearer })).json();
    expect(me.workspace).toMatchObject({ role: 'auditor', permissions: ['audit:read', 'workflows:read'] });
    const inUse = await app.inject({ method: 'DELETE', url: `/api/roles/${created.json().id}`, headers: owner.bearer });
    expect(inUse.statusCode).toBe(409);
    const patched = await app.inject({ method: 'PATCH', url: `/api/roles/${created.json().id}`, headers: owner.bearer, payload: { permissions: ['audit:read'] } });
    expect(patched.json().permissions).toEqual(['audit:read']);
    expect((await app.inject({ url: '/api/auth/me', headers: auditor.bearer })).json().workspace.permissions).toEqual(['audit:read']);
    const roles = (await app.inject({ url: '/api/roles', headers: auditor.bearer })).json();
    expect(roles.builtIn.map((r: { name: string }) => r.name)).toEqual(['owner', 'admin', 'member', 'viewer']);
    expect(roles.permissions).toContain('settings:manage');
  });

  it('records sign-ins, failures, token use and member changes in the audit log', async () => {
    const { app, ctx } = await start();
    const owner = await signUpOwner(app);
    const member = await addMember(app, owner, 'member');
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: 'a wrong password here' } });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: TEST_PASSWORD } });
    await app.inject({ url: '/api/auth/me', headers: member.bearer });
    await app.inject({ method: 'PATCH', url: `/api/members/${member.userId}`, headers: owner.bearer, payload: { role: 'viewer' } });
    const rows = await ctx.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_id', 'target_id']).execute();
    const actions = rows.map((r) => `${r.action}:${r.outcome}`);
    for (const a of ['auth.signup:success', 'auth.login_failed:failure', 'auth.login:success', 'auth.token_created:success', 'auth.token_used:success', 'members.invited:success', 'members.joined:success', 'members.role_changed:success']) {
      expect(actions).toContain(a);
    }
    const change = rows.find((r) => r.action === 'members.role_changed');
    expect(change).toMatchObject({ actor_id: owner.userId, target_id: member.userId });
    expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
  });

  it('never puts passwords, session ids or tokens in logs or answers', async () => {
    const { app, logs } = await start();
    const owner = await signUpOwner(app);
    const member = await addMember(app, owner, 'member');
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: 'a wrong password here' } });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: TEST_PASSWORD } });
    await app.inject({ url: '/api/auth/me', headers: member.bearer });
    await app.inject({ url: '/api/tokens', headers: owner.session });
    const sessionSecret = owner.cookie.split('=')[1]!;
    const text = logs.text;
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [TEST_PASSWORD, 'a wrong password here', owner.token, member.token, sessionSecret, owner.csrf]) {
      expect(text).not.toContain(secret);
    }
    const answers = [
      await app.inject({ url: '/api/auth/me', headers: owner.session }),
      await app.inject({ url: '/api/tokens', headers: owner.session }),
      await app.inject({ url: '/api/auth/sessions', headers: owner.session }),
      await app.inject({ url: '/api/members', headers: owner.session }),
    ].map((r) => r.body).join('\n');
    for (const secret of [TEST_PASSWORD, owner.token, member.token, sessionSecret]) expect(answers).not.toContain(secret);
    expect(answers).not.toContain('$argon2id$');
  });
});
