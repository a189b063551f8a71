import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { apiTokenRepository } from './api-tokens.js';
import { invitationRepository } from './invitations.js';
import { loginThrottle } from './login-throttle.js';
import { hashSecret } from './secrets.js';
import { sessionRepository } from './sessions.js';
import { userRepository } from './users.js';
import { workspaceRepository } from './workspaces.js';

describe.each(dialects)('auth repositories on %s', (dialect) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  async function setup() {
    t = await createTestContext(dialect);
    const db = t.ctx.db;
    const users = userRepository(db);
    const workspaces = workspaceRepository(db);
    const user = await users.create({ email: ' Ann@Example.COM ', name: 'Ann', passwordHash: null });
    const ws = await workspaces.create({ name: 'Ann HQ', ownerId: user.id });
    return { db, users, workspaces, user, ws };
  }

  it('normalizes emails and finds users by them', async () => {
    const { users, user } = await setup();
    expect(user.email).toBe('ann@example.com');
    expect((await users.findByEmail('ANN@example.com'))?.id).toBe(user.id);
    expect(await users.count()).toBe(1);
  });

  it('keeps sessions by hash only, and ends them when idle or past their absolute expiry', async () => {
    const { db, user } = await setup();
    const sessions = sessionRepository(db, { idleMinutes: 30, maxHours: 24 });
    const { secret, session } = await sessions.create({ userId: user.id, method: 'password', ip: '127.0.0.1', userAgent: 'test' });
    const stored = await db.selectFrom('auth_sessions').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored[0]?.token_hash).toBe(hashSecret(secret));
    expect((await sessions.resolve(secret))?.id).toBe(session.id);
    expect(await sessions.resolve('not-a-session')).toBeUndefined();

    // Idle: last seen 31 minutes ago.
    await db.updateTable('auth_sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() }).execute();
    expect(await sessions.resolve(secret)).toBeUndefined();
    expect(await db.selectFrom('auth_sessions').selectAll().execute()).toEqual([]);

    // Absolute: active a second ago, but past expires_at.
    const second = await sessions.create({ userId: user.id, method: 'password', ip: null, userAgent: null });
    await db.updateTable('auth_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect(await sessions.resolve(second.secret)).toBeUndefined();

    // Housekeeping removes ended sessions nobody presented again, and keeps live ones.
    const live = await sessions.create({ userId: user.id, method: 'password', ip: null, userAgent: null });
    const stale = await sessions.create({ userId: user.id, method: 'password', ip: null, userAgent: null });
    await db.updateTable('auth_sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() }).where('id', '=', stale.session.id).execute();
    expect(await sessions.purgeExpired()).toBe(1);
    expect((await sessions.listForUser(user.id)).map((s) => s.id)).toEqual([live.session.id]);
  });

  it('lists, revokes one, and revokes all sessions but the kept one', async () => {
    const { db, user, users } = await setup();
    const other = await users.create({ email: 'bob@example.com', name: 'Bob', passwordHash: null });
    const sessions = sessionRepository(db, { idleMinutes: 30, maxHours: 24 });
    const a = await sessions.create({ userId: user.id, method: 'password', ip: null, userAgent: null });
    const b = await sessions.create({ userId: user.id, method: 'password', ip: null, userAgent: null });
    const c = await sessions.create({ userId: user.id, method: 'oidc', ip: null, userAgent: null });
    const bobs = await sessions.create({ userId: other.id, method: 'password', ip: null, userAgent: null });
    expect((await sessions.listForUser(user.id)).map((s) => s.id).sort()).toEqual([a.session.id, b.session.id, c.session.id].sort());
    expect(await sessions.revoke(other.id, a.session.id)).toBe(false);
    expect(await sessions.revoke(user.id, a.session.id)).toBe(true);
    expect(await sessions.revokeAll(user.id, b.session.id)).toBe(1);
    expect((await sessions.listForUser(user.id)).map((s) => s.id)).toEqual([b.session.id]);
    expect(await sessions.resolve(bobs.secret)).toBeDefined();
  });

  it('stores API tokens hashed, honours expiry and records last use', async () => {
    const { db, user, ws } = await setup();
    const tokens = apiTokenRepository(db);
    const { token, view } = await tokens.create({ userId: user.id, workspaceId: ws.id, name: 'ci', role: 'member', expiresAt: null });
    expect(token).toMatch(/^atom_[A-Za-z0-9_-]{43}$/);
    expect(view.prefix).toBe(token.slice(0, 12));
    expect(JSON.stringify(await db.selectFrom('auth_api_tokens').selectAll().execute())).not.toContain(token);
    const used = await tokens.resolve(token);
    expect(used?.id).toBe(view.id);
    expect((await tokens.list(ws.id, user.id))[0]?.lastUsedAt).not.toBeNull();
    const expired = await tokens.create({ userId: user.id, workspaceId: ws.id, name: 'old', role: 'member', expiresAt: new Date(Date.now() - 1).toISOString() });
    expect(await tokens.resolve(expired.token)).toBeUndefined();
    expect(await tokens.revoke('other-ws', user.id, view.id)).toBe(false);
    expect(await tokens.revoke(ws.id, user.id, view.id)).toBe(true);
    expect(await tokens.resolve(token)).toBeUndefined();
  });

  it('records a burst of uses of a stale token or session once (one write, one audit-worthy first use)', async () => {
    const { db, user, ws } = await setup();
    const tokens = apiTokenRepository(db);
    const { token, view } = await tokens.create({ userId: user.id, workspaceId: ws.id, name: 'burst', role: 'member', expiresAt: null });
    const stale = new Date(Date.now() - 5 * 60_000).toISOString();
    await db.updateTable('auth_api_tokens').set({ last_used_at: stale }).where('id', '=', view.id).execute();
    // 40 concurrent requests in this process plus 10 in another one (a second repository, as a replica).
    const other = apiTokenRepository(db);
    const burst = await Promise.all([...Array.from({ length: 40 }, () => tokens.resolve(token)), ...Array.from({ length: 10 }, () => other.resolve(token))]);
    expect(burst.every((r) => r?.id === view.id)).toBe(true);
    expect(burst.filter((r) => r?.firstUseInWindow)).toHaveLength(1);
    expect((await db.selectFrom('auth_api_tokens').select('last_used_at').where('id', '=', view.id).executeTakeFirstOrThrow()).last_used_at).not.toBe(stale);

    const sessions = sessionRepository(db, { idleMinutes: 30, maxHours: 24 });
    const { secret, session } = await sessions.create({ userId: user.id, method: 'password', ip: null, userAgent: null });
    await db.updateTable('auth_sessions').set({ last_seen_at: stale }).where('id', '=', session.id).execute();
    const seen = await Promise.all(Array.from({ length: 40 }, () => sessions.resolve(secret)));
    expect(seen.every((r) => r?.id === session.id)).toBe(true);
    expect((await db.selectFrom('auth_sessions').select('last_seen_at').where('id', '=', session.id).executeTakeFirstOrThrow()).last_seen_at).not.toBe(stale);
  });

  it('uses an invitation once', async () => {
    const { db, user, ws, users } = await setup();
    const invitations = invitationRepository(db);
    const { secret, view } = await invitations.create({ workspaceId: ws.id, email: null, role: 'viewer', invitedBy: user.id, validDays: 7 });
    const bob = await users.create({ email: 'bob@example.com', name: 'Bob', passwordHash: null });
    expect((await invitations.findOpen(secret))?.id).toBe(view.id);
    expect(await invitations.markAccepted(view.id, bob.id)).toBe(true);
    expect(await invitations.markAccepted(view.id, bob.id)).toBe(false);
    expect(await invitations.findOpen(secret)).toBeUndefined();
    expect(await invitations.listOpen(ws.id)).toEqual([]);
  });

  it('resolves built-in and custom role permissions per workspace', async () => {
    const { workspaces, ws, user } = await setup();
    expect([...(await workspaces.permissionsOf(ws.id, 'viewer'))].sort()).toEqual(['comments:write', 'connections:read', 'memory:read', 'workflows:read']);
    const role = await workspaces.createRole(ws.id, { name: 'auditor', description: '', permissions: ['audit:read', 'audit:read', 'workflows:read'] });
    expect(role.permissions).toEqual(['audit:read', 'workflows:read']);
    expect([...(await workspaces.permissionsOf(ws.id, 'auditor'))].sort()).toEqual(['audit:read', 'workflows:read']);
    expect([...(await workspaces.permissionsOf('other', 'auditor'))]).toEqual([]);
    expect(await workspaces.countOwners(ws.id)).toBe(1);
    expect((await workspaces.listForUser(user.id)).map((w) => w.role)).toEqual(['owner']);
  });

  it('locks an email after the limit and clears on success', async () => {
    const { db } = await setup();
    const throttle = loginThrottle(db, { maxFailuresPerAccount: 3, maxFailuresPerIp: 100, lockoutMinutes: 15, delayMs: 0 });
    await throttle.assertNotLocked('x@example.com', '10.0.0.1');
    await throttle.recordFailure('x@example.com', '10.0.0.1');
    await throttle.recordFailure('x@example.com', '10.0.0.1');
    await throttle.assertNotLocked('x@example.com', '10.0.0.1');
    await throttle.recordSuccess('x@example.com');
    for (let i = 0; i < 3; i++) await throttle.recordFailure('X@example.com', '10.0.0.1');
    await expect(throttle.assertNotLocked('x@example.com', '10.0.0.2')).rejects.toMatchObject({ code: 'auth.locked', status: 429 });
    await throttle.assertNotLocked('y@example.com', '10.0.0.1');
    const rows = await db.selectFrom('auth_login_failures').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('x@example.com');
    // Stale, unlocked counts are forgotten; a live lock is kept.
    await throttle.recordFailure('z@example.com', '10.0.0.3');
    await db.updateTable('auth_login_failures').set({ last_failure_at: new Date(Date.now() - 20 * 60_000).toISOString() }).execute();
    expect(await throttle.purgeStale()).toBe(3);
    await expect(throttle.assertNotLocked('x@example.com', '10.0.0.2')).rejects.toMatchObject({ code: 'auth.locked' });
  });
});
