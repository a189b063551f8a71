import { afterEach, describe, expect, it } from 'vitest';
import { signUpOwner, TEST_PASSWORD } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.each(dialects)('sign-in lockout and enumeration resistance on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  const login = (app: TestApp['app'], email: string, password: string, ip = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

  it('locks an account after repeated failures, even for the right password, from any IP', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '3' });
    const owner = await signUpOwner(t.app);
    for (let i = 0; i < 3; i++) expect((await login(t.app, owner.email, 'not the password')).statusCode).toBe(401);
    const locked = await login(t.app, owner.email, TEST_PASSWORD, '10.0.0.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('auth.locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect(await t.ctx.metrics.registry.metrics()).toMatch(/atom_auth_sign_ins_total\{method="password",outcome="locked"\} 1/);
    // Lockout of one email leaves the others alone.
    const other = await signUpOwner(t.app);
    expect((await login(t.app, other.email, TEST_PASSWORD)).statusCode).toBe(200);
    // After the lockout has passed, the right password works again.
    await t.ctx.db.updateTable('auth_login_failures').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await login(t.app, owner.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('locks an IP address that sprays many emails', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '100', ATOM_LOGIN_IP_MAX_FAILURES: '4', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000' });
    const owner = await signUpOwner(t.app);
    for (let i = 0; i < 4; i++) expect((await login(t.app, `guess${i}@example.com`, 'some password', '10.2.2.2')).statusCode).toBe(401);
    expect((await login(t.app, owner.email, TEST_PASSWORD, '10.2.2.2')).statusCode).toBe(429);
    expect((await login(t.app, owner.email, TEST_PASSWORD, '10.2.2.3')).statusCode).toBe(200);
  });

  it('answers an unknown email exactly like a wrong password, and locks it the same way', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '3', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000', ATOM_LOGIN_IP_MAX_FAILURES: '1000' });
    const owner = await signUpOwner(t.app);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined });
    const wrong = await login(t.app, owner.email, 'not the password');
    const unknown = await login(t.app, 'nobody@example.com', 'not the password');
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    for (let i = 0; i < 2; i++) {
      await login(t.app, owner.email, 'not the password');
      await login(t.app, 'nobody@example.com', 'not the password');
    }
    const a = await login(t.app, owner.email, 'not the password');
    const b = await login(t.app, 'nobody@example.com', 'not the password');
    expect([a.statusCode, b.statusCode]).toEqual([429, 429]);
    expect(strip(a.json())).toEqual(strip(b.json()));
  });

  it('takes about as long for an unknown email as for a wrong password', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_LOGIN_MAX_FAILURES: '1000', ATOM_LOGIN_IP_MAX_FAILURES: '1000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000' });
    const owner = await signUpOwner(t.app);
    await login(t.app, 'warmup@example.com', 'x'.repeat(12));
    const timings = { wrong: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 9; i++) {
      let t0 = performance.now();
      await login(t.app, owner.email, `wrong password ${i}`);
      timings.wrong.push(performance.now() - t0);
      t0 = performance.now();
      await login(t.app, `nobody${i}@example.com`, `wrong password ${i}`);
      timings.unknown.push(performance.now() - t0);
    }
    const [w, u] = [median(timings.wrong), median(timings.unknown)];
    // Both paths verify one argon2id hash; without the decoy, the unknown path would be several times faster.
    expect(u / w).toBeGreaterThan(0.4);
    expect(u / w).toBeLessThan(2.5);
  });

  it('slows down answers progressively after each failure', async () => {
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '60', ATOM_LOGIN_MAX_FAILURES: '10' });
    const owner = await signUpOwner(t.app);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      expect((await login(t.app, owner.email, 'not the password')).statusCode).toBe(401);
      times.push(performance.now() - t0);
    }
    expect(times[0]).toBeGreaterThanOrEqual(58);
    expect(times[1]).toBeGreaterThanOrEqual(118);
    expect(times[2]).toBeGreaterThanOrEqual(238);
    // A success clears the account's count: the next failure starts again at the first step.
    expect((await login(t.app, owner.email, TEST_PASSWORD)).statusCode).toBe(200);
    await login(t.app, owner.email, 'not the password');
    const counts = await t.ctx.db.selectFrom('auth_login_failures').select(['subject', 'failures']).execute();
    expect(counts.find((c) => c.subject.startsWith('email:'))?.failures).toBe(1);
    expect(counts.find((c) => c.subject.startsWith('ip:'))?.failures).toBe(4);
  });
});
