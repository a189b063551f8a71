import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 4 of the security review: an owner-role API token kept owner powers after its creator was
 * demoted, and was used to demote the real owner. A token acts with its creator's current role narrowed
 * by its scope; demotion and removal take effect on the next request, for tokens and sessions alike.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };

describe.each(dialects)('finding 4: tokens after demotion, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  const roleOf = async (userId: string) => {
    const members = (await t.app.inject({ url: '/api/members', headers: owner.session })).json<{ members: { userId: string; role: string }[] }>().members;
    return members.find((m) => m.userId === userId)?.role;
  };
  const mintToken = async (actor: TestActor, role: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: actor.session, payload: { name: `${role} token`, role, expiresInDays: 1 } });
    expect(res.statusCode, res.body).toBe(201);
    return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
  };

  it('finding 4: an owner token of a demoted owner cannot demote, remove or replace the real owner', async () => {
    const co = await addMember(t.app, owner, 'admin');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${co.userId}`, headers: owner.session, payload: { role: 'owner' } })).statusCode).toBe(200);
    const ownerToken = await mintToken(co, 'owner');
    // The real owner demotes the co-owner; the owner-role token they minted stays in their hands.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${co.userId}`, headers: owner.session, payload: { role: 'admin' } })).statusCode).toBe(200);

    const demote = await t.app.inject({ method: 'PATCH', url: `/api/members/${owner.userId}`, headers: ownerToken, payload: { role: 'viewer' } });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().code).toBe('members.owner_only');
    const remove = await t.app.inject({ method: 'DELETE', url: `/api/members/${owner.userId}`, headers: ownerToken });
    expect(remove.statusCode).toBe(403);
    const selfPromote = await t.app.inject({ method: 'PATCH', url: `/api/members/${co.userId}`, headers: ownerToken, payload: { role: 'owner' } });
    expect(selfPromote.statusCode).toBe(403);
    const ownerInvite = await t.app.inject({ method: 'POST', url: '/api/invitations', headers: ownerToken, payload: { role: 'owner' } });
    expect(ownerInvite.statusCode).toBe(403);
    expect(ownerInvite.body).not.toContain('/invite/');
    const newOwnerToken = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: ownerToken, payload: { name: 'again', role: 'owner' } });
    expect(newOwnerToken.statusCode).toBe(403);
    expect(newOwnerToken.body).not.toContain('atom_');

    expect(await roleOf(owner.userId)).toBe('owner');
    expect(await roleOf(co.userId)).toBe('admin');
    // The token reports the member's current role; its recorded role is only its scope.
    const me = (await t.app.inject({ url: '/api/auth/me', headers: ownerToken })).json<{ workspace: { role: string } }>();
    expect(me.workspace.role).toBe('admin');
  });

  it('finding 4: demotion narrows tokens and sessions on the next request; removal ends them', async () => {
    const admin = await addMember(t.app, owner, 'admin');
    const adminToken = await mintToken(admin, 'admin');
    expect((await t.app.inject({ url: '/api/invitations', headers: adminToken })).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'PATCH', url: `/api/members/${admin.userId}`, headers: owner.session, payload: { role: 'viewer' } })).statusCode).toBe(200);
    for (const headers of [adminToken, admin.bearer, admin.session]) {
      const invite = await t.app.inject({ method: 'POST', url: '/api/invitations', headers, payload: { role: 'member' } });
      expect(invite.statusCode).toBe(403);
      expect(invite.body).not.toContain('/invite/');
      const role = await t.app.inject({ method: 'POST', url: '/api/roles', headers, payload: { name: `esc-${Math.random().toString(36).slice(2, 8)}`, permissions: ['members:manage'] } });
      expect(role.statusCode).toBe(403);
      const me = (await t.app.inject({ url: '/api/auth/me', headers })).json<{ workspace: { role: string; permissions: string[] } }>();
      expect(me.workspace.role).toBe('viewer');
      expect(me.workspace.permissions).not.toContain('members:manage');
    }
    expect((await t.app.inject({ url: '/api/roles', headers: owner.session })).json<{ custom: unknown[] }>().custom).toEqual([]);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${admin.userId}`, headers: owner.session })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: adminToken })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/workflows', headers: adminToken })).statusCode).toBe(401);
    // The browser session survives as a person without this workspace.
    const inWs = await t.app.inject({ url: '/api/members', headers: admin.session });
    expect(inWs.statusCode).toBe(404);
    expect(inWs.body).not.toContain(owner.email);
  });
});
