// The caller's verified accounts come with their credentials (one query for a token or a session), and only
// the accounts of their own personal connections in the workspace they act in: not another member's, not
// a shared connection's, not another workspace's, and a removed connection stops counting on the next request.
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { newId, nowIso } from '../platform/index.js';
import { createAuthenticator } from './authenticator.js';

describe.each(dialects)('identities read with the credentials on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: TestActor;
  let colleague: TestActor;
  let b: TestActor;
  const connect = async (workspaceId: string, userId: string | null, email: string | null, domain: string | null) => {
    const id = newId('conn');
    await t.ctx.db
      .insertInto('integration_connections')
      .values({ id, workspace_id: workspaceId, user_id: userId, service_id: 'google-drive', label: 'x', auth_kind: 'oauth2', status: 'active', credentials_sealed: 'x', scopes: '[]', account_label: email, verified_email: email, verified_domain: domain, expires_at: null, refresh_lease_owner: null, refresh_lease_until: null, created_by: userId ?? 'admin', created_at: nowIso(), updated_at: nowIso() })
      .execute();
    return id;
  };
  const principal = (headers: Record<string, string>) => createAuthenticator(t.ctx)({ headers, url: '/api/memory/search', ip: '127.0.0.1' } as unknown as FastifyRequest);
  const sessionOf = (actor: TestActor, workspaceId?: string) => ({ cookie: actor.cookie, ...(workspaceId ? { 'x-atom-workspace': workspaceId } : {}) });

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0' });
    a = await signUpOwner(t.app);
    colleague = await addMember(t.app, a, 'member');
    b = await signUpOwner(t.app);
    // The owner of workspace A is also a member of B.
    const inv = (await t.app.inject({ method: 'POST', url: '/api/invitations', headers: b.bearer, payload: { email: a.email, role: 'member' } })).json() as { token: string };
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: { token: inv.token } })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/workspaces/switch', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: { workspaceId: a.workspaceId } });
    await connect(a.workspaceId, a.userId, 'a@example.com', 'example.com');
    await connect(a.workspaceId, a.userId, 'a.personal@gmail.example', null);
    await connect(a.workspaceId, a.userId, null, null); // a provider that vouched for nothing
    await connect(a.workspaceId, colleague.userId, 'colleague@example.com', 'example.com');
    await connect(a.workspaceId, null, 'shared@example.com', 'example.com'); // a workspace-shared connection
    await connect(b.workspaceId, a.userId, 'a.in.b@example.org', null);
  });
  afterAll(() => t.cleanup());

  const emails = (p: Awaited<ReturnType<typeof principal>>) => p?.identities?.map((i) => `${i.email}|${i.domain ?? ''}`).sort();

  it("gives a token and a session in its last used workspace the member's own verified accounts there, and nobody else's", async () => {
    const own = ['a.personal@gmail.example|', 'a@example.com|example.com'];
    expect(emails(await principal(a.bearer))).toEqual(own);
    expect(emails(await principal(sessionOf(a)))).toEqual(own);
    expect(emails(await principal(sessionOf(a, a.workspaceId)))).toEqual(own);
    expect(emails(await principal(colleague.bearer))).toEqual(['colleague@example.com|example.com']);
    // No connection at all: an empty list (read, nothing found), so no second query either.
    expect(emails(await principal(b.bearer))).toEqual([]);
  });

  it('gives another workspace only its own accounts: a token of it, or a session asking for it (then not read with the session)', async () => {
    const tokenInB = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'x-atom-workspace': b.workspaceId }, payload: { name: 'b', expiresInDays: 1 } })).json() as { token: string };
    expect(emails(await principal({ authorization: `Bearer ${tokenInB.token}` }))).toEqual(['a.in.b@example.org|']);
    // Minting it in B made B the session's last used workspace: back to A.
    await t.app.inject({ method: 'POST', url: '/api/workspaces/switch', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: { workspaceId: a.workspaceId } });
    // The session's last workspace is A: asking for B, the accounts are left to memory to read for B.
    const inB = await principal(sessionOf(a, b.workspaceId));
    expect(inB).toMatchObject({ workspaceId: b.workspaceId });
    expect(inB?.identities).toBeUndefined();
    // B is now the last used one, so the next session request brings B's accounts, never A's.
    expect(emails(await principal(sessionOf(a)))).toEqual(['a.in.b@example.org|']);
    await t.app.inject({ method: 'POST', url: '/api/workspaces/switch', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf }, payload: { workspaceId: a.workspaceId } });
  });

  it('stops counting a removed connection, and a removed member, on the next request', async () => {
    const temp = await connect(a.workspaceId, a.userId, 'temp@example.net', null);
    expect(emails(await principal(a.bearer))).toContain('temp@example.net|');
    await t.ctx.db.deleteFrom('integration_connections').where('id', '=', temp).execute();
    expect(emails(await principal(a.bearer))).not.toContain('temp@example.net|');
    expect(emails(await principal(sessionOf(a)))).not.toContain('temp@example.net|');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${colleague.userId}`, headers: a.bearer })).statusCode).toBeLessThan(300);
    expect(await principal(colleague.bearer)).toBeUndefined();
  });
});
