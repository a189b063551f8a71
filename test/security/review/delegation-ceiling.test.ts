import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 6 of the security review: delegation had no ceiling. A custom role holding only
 * `members:manage` invited an admin, created a role with every permission and promoted itself to admin.
 * Nobody may grant, invite, create or change a role, change a member's role or mint a token with a
 * permission they do not hold themselves; only owners make owners.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };
const allPermissions = [
  'workflows:read', 'workflows:write', 'workflows:run', 'comments:write', 'connections:read', 'connections:manage',
  'memory:read', 'memory:write', 'members:manage', 'audit:read', 'settings:manage', 'ai:use', 'ai:manage',
];

describe.each(dialects)('finding 6: delegation ceiling, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let hr: TestActor;
  let viewer: TestActor;
  let hrRoleId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    owner = await signUpOwner(t.app);
    const role = await t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.session, payload: { name: 'hr', permissions: ['members:manage'] } });
    expect(role.statusCode).toBe(201);
    hrRoleId = role.json<{ id: string }>().id;
    hr = await addMember(t.app, owner, 'hr');
    viewer = await addMember(t.app, owner, 'viewer');
  }, 60_000);
  afterAll(() => t.cleanup());

  const members = async () =>
    (await t.app.inject({ url: '/api/members', headers: owner.session })).json<{ members: { userId: string; role: string }[] }>().members;
  const roles = async () => (await t.app.inject({ url: '/api/roles', headers: owner.session })).json<{ custom: { name: string; permissions: string[] }[] }>().custom;
  const openInvitations = async () => (await t.app.inject({ url: '/api/invitations', headers: owner.session })).json<{ invitations: unknown[] }>().invitations;

  it('finding 6: a members:manage-only role cannot invite anyone with more than it holds', async () => {
    const before = (await openInvitations()).length;
    for (const headers of [hr.bearer, hr.session]) {
      for (const role of ['admin', 'owner', 'member', 'viewer']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/invitations', headers, payload: { role } });
        expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
        expect(res.body).not.toContain('/invite/');
      }
    }
    expect(await openInvitations()).toHaveLength(before);
    // What it holds itself it may hand on.
    const same = await t.app.inject({ method: 'POST', url: '/api/invitations', headers: hr.bearer, payload: { role: 'hr' } });
    expect(same.statusCode).toBe(201);
  });

  it('finding 6: a members:manage-only role cannot create or widen a role beyond what it holds', async () => {
    const everything = await t.app.inject({ method: 'POST', url: '/api/roles', headers: hr.bearer, payload: { name: 'god', permissions: allPermissions } });
    expect(everything.statusCode).toBe(403);
    expect(everything.json().code).toBe('access.delegation_exceeds_holder');
    const plusOne = await t.app.inject({ method: 'POST', url: '/api/roles', headers: hr.session, payload: { name: 'hr-plus', permissions: ['members:manage', 'audit:read'] } });
    expect(plusOne.statusCode).toBe(403);
    const widenOwn = await t.app.inject({ method: 'PATCH', url: `/api/roles/${hrRoleId}`, headers: hr.bearer, payload: { permissions: allPermissions } });
    expect(widenOwn.statusCode).toBe(403);
    expect((await roles()).map((r) => [r.name, r.permissions])).toEqual([['hr', ['members:manage']]]);
    const within = await t.app.inject({ method: 'POST', url: '/api/roles', headers: hr.bearer, payload: { name: 'hr-2', permissions: ['members:manage'] } });
    expect(within.statusCode).toBe(201);
  });

  it('finding 6: a members:manage-only role cannot promote itself or touch members who hold more', async () => {
    for (const role of ['admin', 'owner', 'member']) {
      const self = await t.app.inject({ method: 'PATCH', url: `/api/members/${hr.userId}`, headers: hr.bearer, payload: { role } });
      expect(self.statusCode, `${role}: ${self.body}`).toBe(403);
    }
    const promoteViewer = await t.app.inject({ method: 'PATCH', url: `/api/members/${viewer.userId}`, headers: hr.session, payload: { role: 'admin' } });
    expect(promoteViewer.statusCode).toBe(403);
    const demoteOwner = await t.app.inject({ method: 'PATCH', url: `/api/members/${owner.userId}`, headers: hr.bearer, payload: { role: 'hr' } });
    expect(demoteOwner.statusCode).toBe(403);
    const removeViewer = await t.app.inject({ method: 'DELETE', url: `/api/members/${viewer.userId}`, headers: hr.bearer });
    expect(removeViewer.statusCode).toBe(403);
    const token = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: hr.session, payload: { name: 'up', role: 'admin' } });
    expect(token.statusCode).toBe(403);
    expect(token.body).not.toContain('atom_');

    const roleOf = Object.fromEntries((await members()).map((m) => [m.userId, m.role]));
    expect(roleOf[hr.userId]).toBe('hr');
    expect(roleOf[viewer.userId]).toBe('viewer');
    expect(roleOf[owner.userId]).toBe('owner');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: hr.bearer })).json<{ workspace: { permissions: string[] } }>();
    expect(me.workspace.permissions).toEqual(['members:manage']);
  });

  it('finding 6: an admin cannot raise itself or anyone to owner, nor change an owner; an owner can', async () => {
    const admin = await addMember(t.app, owner, 'admin');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${admin.userId}`, headers: admin.session, payload: { role: 'owner' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${viewer.userId}`, headers: admin.bearer, payload: { role: 'owner' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${owner.userId}`, headers: admin.bearer, payload: { role: 'admin' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/invitations', headers: admin.bearer, payload: { role: 'owner' } })).statusCode).toBe(403);
    // Within its own rights an admin still manages people.
    expect((await t.app.inject({ method: 'POST', url: '/api/invitations', headers: admin.bearer, payload: { role: 'admin' } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${viewer.userId}`, headers: admin.bearer, payload: { role: 'member' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${admin.userId}`, headers: owner.bearer, payload: { role: 'owner' } })).statusCode).toBe(200);
    const roleOf = Object.fromEntries((await members()).map((m) => [m.userId, m.role]));
    expect(roleOf[owner.userId]).toBe('owner');
    expect(roleOf[admin.userId]).toBe('owner');
  });
});
