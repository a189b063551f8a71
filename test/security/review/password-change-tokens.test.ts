import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signIn, signUpOwner, TEST_PASSWORD, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Low finding of the security review: a password change left API tokens alive, so whoever had taken a
 * token kept access after the owner of the account changed a leaked password. A password change now
 * deletes every API token of the account (in every workspace) and ends its other sessions, and says so.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };

describe.each(dialects)('low finding: a password change ends API tokens, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(() => t.cleanup());

  it('low finding (password change): every API token of the account stops working, other sessions end, this one stays', async () => {
    const other = await signUpOwner(t.app);
    // The owner also belongs to a second workspace, with a token there.
    const inv = await t.app.inject({ method: 'POST', url: '/api/invitations', headers: other.bearer, payload: { email: owner.email, role: 'member' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/invitations/accept', headers: owner.session, payload: { token: inv.json<{ token: string }>().token } })).statusCode).toBe(200);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...owner.session, 'x-atom-workspace': other.workspaceId },
      payload: { name: 'elsewhere', expiresInDays: null },
    });
    expect(second.statusCode).toBe(201);
    const secondToken = { authorization: `Bearer ${second.json<{ token: string }>().token}` };
    const otherSession = await signIn(t.app, owner.email);
    // A colleague's token is not the account's and lives on.
    const colleague = await addMember(t.app, owner, 'member');

    const changed = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: owner.session, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ ok: true, tokensRevoked: 2, sessionsEnded: 1 });

    expect((await t.app.inject({ url: '/api/auth/me', headers: owner.bearer })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: secondToken })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: otherSession.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: owner.session })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tokens', headers: owner.session })).json()).toEqual({ tokens: [] });
    expect((await t.app.inject({ url: '/api/auth/me', headers: colleague.bearer })).statusCode).toBe(200);
    const rows = await t.ctx.db.selectFrom('auth_api_tokens').select('user_id').where('user_id', '=', owner.userId).execute();
    expect(rows).toEqual([]);
  });

  it('low finding (password change): a wrong current password changes nothing and ends no token', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: owner.session, payload: { currentPassword: 'not the password at all', newPassword: 'another brand new passphrase' } });
    expect(wrong.statusCode).toBe(400);
    const fresh = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.session, payload: { name: 'fresh' } });
    const token = { authorization: `Bearer ${fresh.json<{ token: string }>().token}` };
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: owner.session, payload: { currentPassword: 'nope nope nope nope', newPassword: 'another brand new passphrase' } });
    expect(again.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/auth/me', headers: token })).statusCode).toBe(200);
  });
});
