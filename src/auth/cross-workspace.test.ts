import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signIn, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * Workspace B's owner (who holds every permission in B) tries each kind of auth resource of workspace A
 * by its real id, and always gets 404: nothing of A is changed or revealed.
 */
describe.each(dialects)('cross-workspace isolation of auth resources on %s', (dialect) => {
  let t: TestApp;
  let a: TestActor;
  let aMember: TestActor;
  let b: TestActor;
  const ids = { member: '', token: '', session: '', invitation: '', role: '' };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0' });
    a = await signUpOwner(t.app);
    aMember = await addMember(t.app, a, 'member');
    b = await signUpOwner(t.app);
    ids.member = aMember.userId;
    ids.token = (await t.app.inject({ url: '/api/tokens', headers: a.bearer })).json().tokens[0].id;
    ids.session = (await t.app.inject({ url: '/api/auth/sessions', headers: a.session })).json().sessions[0].id;
    ids.invitation = (await t.app.inject({ method: 'POST', url: '/api/invitations', headers: a.bearer, payload: { role: 'viewer' } })).json().invitation.id;
    ids.role = (await t.app.inject({ method: 'POST', url: '/api/roles', headers: a.bearer, payload: { name: 'ops', permissions: ['workflows:run'] } })).json().id;
    expect(Object.values(ids).every(Boolean)).toBe(true);
  });
  afterAll(() => t.cleanup());

  const attempts = () => [
    { method: 'PATCH', url: `/api/members/${ids.member}`, payload: { role: 'viewer' } },
    { method: 'DELETE', url: `/api/members/${ids.member}` },
    { method: 'DELETE', url: `/api/tokens/${ids.token}` },
    { method: 'DELETE', url: `/api/auth/sessions/${ids.session}` },
    { method: 'DELETE', url: `/api/invitations/${ids.invitation}` },
    { method: 'PATCH', url: `/api/roles/${ids.role}`, payload: { permissions: ['members:manage'] } },
    { method: 'DELETE', url: `/api/roles/${ids.role}` },
  ] as const;

  it.each([0, 1, 2, 3, 4, 5, 6])('answers 404 to attempt #%i by token and by session', async (i) => {
    const attempt = attempts()[i]!;
    const byToken = await t.app.inject({ method: attempt.method, url: attempt.url, headers: b.bearer, ...('payload' in attempt ? { payload: attempt.payload } : {}) });
    // Sessions are a browser session's business only: a token is refused before any lookup.
    expect(byToken.statusCode, `${attempt.method} ${attempt.url}`).toBe(attempt.url.startsWith('/api/auth/sessions/') ? 403 : 404);
    const s = await signIn(t.app, b.email);
    const bySession = await t.app.inject({ method: attempt.method, url: attempt.url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, ...('payload' in attempt ? { payload: attempt.payload } : {}) });
    expect(bySession.statusCode).toBe(404);
  });

  it('left every resource of A as it was, and shows B nothing of A in lists', async () => {
    const members = (await t.app.inject({ url: '/api/members', headers: a.bearer })).json().members;
    expect(members.find((m: { userId: string }) => m.userId === aMember.userId).role).toBe('member');
    expect((await t.app.inject({ url: '/api/tokens', headers: a.bearer })).json().tokens.map((x: { id: string }) => x.id)).toContain(ids.token);
    expect((await t.app.inject({ url: '/api/invitations', headers: a.bearer })).json().invitations.map((x: { id: string }) => x.id)).toContain(ids.invitation);
    expect((await t.app.inject({ url: '/api/roles', headers: a.bearer })).json().custom[0]).toMatchObject({ id: ids.role, permissions: ['workflows:run'] });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode).toBe(200);

    const seenByB = [
      await t.app.inject({ url: '/api/members', headers: b.bearer }),
      await t.app.inject({ url: '/api/tokens', headers: b.bearer }),
      await t.app.inject({ url: '/api/invitations', headers: b.bearer }),
      await t.app.inject({ url: '/api/roles', headers: b.bearer }),
      await t.app.inject({ url: '/api/auth/sessions', headers: b.bearer }),
    ].map((r) => r.body).join('\n');
    for (const id of [...Object.values(ids), a.userId, a.workspaceId]) expect(seenByB).not.toContain(id);
  });

  it('does not let B act in A by naming it in x-atom-workspace', async () => {
    const res = await t.app.inject({ url: '/api/members', headers: { cookie: b.cookie, 'x-atom-workspace': a.workspaceId } });
    expect(res.statusCode).toBe(404);
    const byToken = await t.app.inject({ url: '/api/members', headers: { ...b.bearer, 'x-atom-workspace': a.workspaceId } });
    expect(byToken.statusCode).toBe(403);
  });
});
