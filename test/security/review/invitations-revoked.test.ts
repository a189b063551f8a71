import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, TEST_PASSWORD, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 13 of the security review: invitation links outlived their creator's membership or role.
 * Removing or demoting a member revokes the links they created that they could no longer create, and
 * accepting a link checks that its creator may still grant its role.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };

describe.each(dialects)('finding 13: invitations of removed or demoted members, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  const invite = async (by: TestActor, role: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/invitations', headers: by.bearer, payload: { role } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ token: string; invitation: { id: string } }>();
  };
  const openIds = async () =>
    (await t.app.inject({ url: '/api/invitations', headers: owner.session })).json<{ invitations: { id: string }[] }>().invitations.map((i) => i.id);
  const memberCount = async () => (await t.app.inject({ url: '/api/members', headers: owner.session })).json<{ members: unknown[] }>().members.length;

  /** Tries the link every way it can be used; each must be refused and nobody must join. */
  async function expectDead(token: string) {
    const before = await memberCount();
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/invitations/lookup', payload: { token } })).statusCode).toBe(404);
    const email = `joiner-${dialect}-${n++}@example.test`;
    const signup = await t.app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password: TEST_PASSWORD, name: 'Joiner', invitation: token } });
    expect(signup.statusCode).toBe(400);
    expect(signup.json().code).toBe('auth.invitation_invalid');
    const outsider = await signUpOwner(t.app);
    const accept = await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: outsider.session, payload: { token } });
    expect(accept.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: outsider.cookie, 'x-atom-workspace': owner.workspaceId } })).statusCode).toBe(404);
    expect(await memberCount()).toBe(before);
  }

  it('finding 13: removing a member revokes the invitation links they created', async () => {
    const admin = await addMember(t.app, owner, 'admin');
    const a = await invite(admin, 'member');
    const b = await invite(admin, 'admin');
    expect(await openIds()).toEqual(expect.arrayContaining([a.invitation.id, b.invitation.id]));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${admin.userId}`, headers: owner.session })).statusCode).toBe(200);
    const open = await openIds();
    expect(open).not.toContain(a.invitation.id);
    expect(open).not.toContain(b.invitation.id);
    await expectDead(a.token);
    await expectDead(b.token);
  });

  it('finding 13: demoting a member revokes the links they could no longer create, and keeps others', async () => {
    const admin = await addMember(t.app, owner, 'admin');
    const mine = await invite(owner, 'member');
    const theirs = await invite(admin, 'member');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${admin.userId}`, headers: owner.session, payload: { role: 'viewer' } })).statusCode).toBe(200);
    const open = await openIds();
    expect(open).not.toContain(theirs.invitation.id);
    expect(open).toContain(mine.invitation.id);
    await expectDead(theirs.token);
    // The owner's own link still works.
    const joined = await t.app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: `ok-${dialect}@example.test`, password: TEST_PASSWORD, name: 'Ok', invitation: mine.token } });
    expect(joined.statusCode).toBe(201);
    expect(joined.json().workspace).toMatchObject({ id: owner.workspaceId, role: 'member' });
  });

  it('finding 13: accepting a link re-checks that its creator may still grant its role', async () => {
    const role = await t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.session, payload: { name: 'lead', permissions: ['members:manage', 'workflows:read', 'comments:write', 'connections:read', 'memory:read'] } });
    expect(role.statusCode).toBe(201);
    const lead = await addMember(t.app, owner, 'lead');
    const link = await invite(lead, 'viewer');
    // The role loses what a viewer holds; the lead's link is still listed, but may no longer be used.
    const narrowed = await t.app.inject({ method: 'PATCH', url: `/api/roles/${role.json<{ id: string }>().id}`, headers: owner.session, payload: { permissions: ['members:manage'] } });
    expect(narrowed.statusCode).toBe(200);
    await expectDead(link.token);
  });
});
