import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, TEST_PASSWORD, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Low finding of the security review: sign-up answered 409 for a registered email, so anyone could
 * learn who has an account. Sign-up now answers an existing address exactly as it answers a new one
 * (status, headers, body shape), creates nothing, starts no session, leaves the account alone, and
 * records a notice for the address's owner.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };

/** The shape of a JSON value: keys and value types, not values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return typeof value;
}
const cookieLine = (h: string | string[] | undefined) => (Array.isArray(h) ? h : h ? [h] : []).find((c) => c.startsWith('atom_session='));

describe.each(dialects)('low finding: sign-up does not reveal registered emails, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let victim: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    victim = await signUpOwner(t.app, { name: 'Victim' });
  }, 60_000);
  afterAll(() => t.cleanup());

  const signUp = (email: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password: 'attacker chosen passphrase', name: 'Mallory' } });
  const userCount = async () => Number((await t.ctx.db.selectFrom('auth_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('low finding (sign-up enumeration): a registered email gets the same answer as a new one', async () => {
    const fresh = await signUp(`new-${dialect}@example.test`);
    const taken = await signUp(victim.email.toUpperCase());

    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.statusCode).toBe(201);
    expect(taken.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(shapeOf(taken.json())).toEqual(shapeOf(fresh.json()));
    expect(taken.json()).toMatchObject({ user: { email: victim.email, name: 'Mallory' }, workspace: { role: 'owner' }, via: 'session' });
    expect(taken.body).not.toContain(victim.userId);
    expect(taken.body).not.toContain(victim.workspaceId);
    expect(taken.body).not.toContain('Victim');
    // Same cookie attributes on both answers.
    const strip = (line: string | undefined) => line?.replace(/^atom_session=[^;]*/, '');
    expect(strip(cookieLine(taken.headers['set-cookie']))).toBe(strip(cookieLine(fresh.headers['set-cookie'])));
  });

  it('low finding (sign-up enumeration): nothing is created, no session starts, the account is unchanged, and its owner is told', async () => {
    const before = await userCount();
    const taken = await signUp(victim.email);
    expect(taken.statusCode).toBe(201);
    expect(await userCount()).toBe(before);
    const cookie = cookieLine(taken.headers['set-cookie'])!.split(';')[0]!;
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.body).not.toContain(victim.userId);
    // The attacker's password does not open the account; the owner's still does.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: 'attacker chosen passphrase' } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: victim.email, password: TEST_PASSWORD } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: victim.bearer })).json()).toMatchObject({ user: { name: 'Victim' }, workspace: { id: victim.workspaceId } });
    // No mail transport: the notice to the address's owner is recorded where the operator sees it.
    const notices = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'auth.signup_existing_email').execute();
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(notices.every((n) => n.target_id === victim.userId)).toBe(true);
  });
});
