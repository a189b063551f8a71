import { afterEach, describe, expect, it } from 'vitest';
import { signUpOwner, TEST_PASSWORD } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { listAccounts, resetPassword, unlockAccount } from './recovery.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe.each(dialects)('operator account recovery on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('resets a locked-out password: new password works, old one, old sessions and API tokens do not', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '2' });
    const owner = await signUpOwner(t.app);
    const login = (password: string) => t!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password } });
    await login('wrong guess number one');
    await login('wrong guess number two');
    expect((await login(TEST_PASSWORD)).statusCode).toBe(429);

    expect((await t.app.inject({ url: '/api/auth/me', headers: owner.bearer })).statusCode).toBe(200);
    const { password, sessionsEnded, tokensRevoked } = await resetPassword(t.ctx, owner.email.toUpperCase());
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(sessionsEnded).toBe(1);
    expect(tokensRevoked).toBe(1);
    expect((await t.app.inject({ url: '/api/auth/me', headers: owner.bearer })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: owner.cookie } })).statusCode).toBe(401);
    expect((await login(TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(password)).statusCode).toBe(200);
    expect(t.logs.text).not.toContain(password);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'auth.password_reset').execute();
    expect(audit).toEqual([{ action: 'auth.password_reset', target_id: owner.userId }]);
    await expect(resetPassword(t.ctx, 'nobody@example.com')).rejects.toMatchObject({ code: 'auth.user_not_found' });
  });

  it('lifts a lockout and lists accounts', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '1' });
    const owner = await signUpOwner(t.app, { name: 'Olive' });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: 'not the password' } });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: TEST_PASSWORD } })).statusCode).toBe(429);
    expect(await unlockAccount(t.ctx, owner.email)).toBe(true);
    expect(await unlockAccount(t.ctx, owner.email)).toBe(false);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: owner.email, password: TEST_PASSWORD } })).statusCode).toBe(200);
    expect(await listAccounts(t.ctx)).toEqual([
      expect.objectContaining({ email: owner.email, name: 'Olive', signIn: 'password', workspaces: ["Olive's workspace (owner)"] }),
    ]);
  });
});
