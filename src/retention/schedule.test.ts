import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordAudit, verifyChain } from '../audit/index.js';
import { createTestContext, type TestContext } from '../../test/support/context.js';
import type { AppContext } from '../platform/index.js';
import { purgeSystemAudit, purgeWorkspace, registerRetentionClass, retentionModule, startRetentionSchedule, type RetentionClass } from './index.js';
import { retentionPolicies } from './policies.js';

const scheduleItems: RetentionClass = {
  name: 'schedule_items',
  label: 'Schedule test items',
  description: 'Rows of a table the test creates.',
  async preview(db, workspaceId, cutoffIso, limit) {
    const r = await sql<{ id: string }>`select id from schedule_items where workspace_id = ${workspaceId} and created_at < ${cutoffIso} order by id limit ${limit}`.execute(db);
    return { ids: r.rows.map((x) => x.id), total: r.rows.length };
  },
  async purge(db, workspaceId, cutoffIso, ids) {
    const r = await sql`delete from schedule_items where workspace_id = ${workspaceId} and created_at < ${cutoffIso} and id in (${sql.join(ids)})`.execute(db);
    return Number(r.numAffectedRows ?? 0n);
  },
};

/** What src/app.ts installs for retention (the audit class), and this test's class. */
const install = (ctx: AppContext): void => {
  retentionModule.install?.(ctx, {});
  registerRetentionClass(ctx, scheduleItems);
};

describe('scheduled retention purge', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  const until = async (check: () => Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('timed out');
  };

  it('runs on its own, purges in small batches as the system, and counts what it removed', async () => {
    t = await createTestContext('sqlite', { ATOM_RETENTION_INTERVAL_MINUTES: '1', ATOM_RETENTION_BATCH_SIZE: '3' });
    install(t.ctx);
    const { db } = t.ctx;
    await sql`create table schedule_items (id text primary key, workspace_id text, created_at text)`.execute(db);
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    for (let i = 0; i < 10; i++) await sql`insert into schedule_items values (${`old-${i}`}, 'ws-s', ${old})`.execute(db);
    await sql`insert into schedule_items values ('fresh', 'ws-s', ${new Date().toISOString()})`.execute(db);
    await retentionPolicies(db).setKeepDays('ws-s', 'schedule_items', 30, 'admin');

    const stop = startRetentionSchedule(t.ctx, 20);
    try {
      await until(async () => (await retentionPolicies(db).workspace('ws-s'))?.last_purge_at != null);
    } finally {
      stop();
    }
    const left = await sql<{ id: string }>`select id from schedule_items`.execute(db);
    expect(left.rows.map((r) => r.id)).toEqual(['fresh']);
    const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.purged').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ workspace_id: 'ws-s', actor_type: 'system', actor_id: null, outcome: 'success' });
    expect(JSON.parse(entry.details)).toMatchObject({ classes: [{ name: 'schedule_items', deleted: 10 }] });
    expect(await t.ctx.metrics.registry.metrics()).toMatch(/atom_retention_purged_items_total\{data_class="schedule_items"\} 10/);
  });

  it('keeps audit entries outside any workspace ATOM_AUDIT_SYSTEM_KEEP_DAYS, and the system chain verifies', async () => {
    t = await createTestContext('sqlite', { ATOM_AUDIT_SYSTEM_KEEP_DAYS: '365', ATOM_RETENTION_BATCH_SIZE: '2' });
    install(t.ctx);
    const { db } = t.ctx;
    const at = async (daysAgo: number) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() - daysAgo * 86_400_000);
      try {
        await recordAudit(db, { workspaceId: null, actorId: null, actorType: 'user', action: 'auth.login_failed', outcome: 'failure', details: { daysAgo } });
      } finally {
        vi.useRealTimers();
      }
    };
    for (const d of [500, 450, 400, 10, 1]) await at(d);
    expect(await purgeSystemAudit(t.ctx)).toBe(3);
    const left = await db.selectFrom('audit_log').select(['details', 'action']).where('chain', '=', '_system').orderBy('seq').execute();
    expect(left.map((r) => r.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'retention.purged']);
    expect(await verifyChain(db, '_system')).toMatchObject({ ok: true, firstSeq: 4 });
    expect(await purgeSystemAudit(t.ctx)).toBe(0);
  });

  it('reports a class that fails, audits the purge as a failure, and still purges the others', async () => {
    t = await createTestContext('sqlite');
    install(t.ctx);
    registerRetentionClass(t.ctx, {
      name: 'broken_items',
      label: 'Broken',
      description: 'A class whose purge throws.',
      preview: async () => ({ ids: ['x'], total: 1 }),
      purge: async () => {
        throw new Error('disk on fire');
      },
    });
    const { db } = t.ctx;
    await sql`create table schedule_items (id text primary key, workspace_id text, created_at text)`.execute(db);
    await sql`insert into schedule_items values ('old', 'ws-f', ${new Date(Date.now() - 90 * 86_400_000).toISOString()})`.execute(db);
    await retentionPolicies(db).setKeepDays('ws-f', 'broken_items', 30, 'admin');
    await retentionPolicies(db).setKeepDays('ws-f', 'schedule_items', 30, 'admin');
    const report = await purgeWorkspace(t.ctx, 'ws-f');
    expect(report.classes).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'broken_items', deleted: 0, failed: true }), expect.objectContaining({ name: 'schedule_items', deleted: 1 })]),
    );
    const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.purged').executeTakeFirstOrThrow();
    expect(entry.outcome).toBe('failure');
    expect(t.logs.text).toContain('disk on fire');
  });

  it('is off with ATOM_RETENTION_INTERVAL_MINUTES=0', async () => {
    t = await createTestContext('sqlite', { ATOM_RETENTION_INTERVAL_MINUTES: '0' });
    install(t.ctx);
    await retentionPolicies(t.ctx.db).setKeepDays('ws-s', 'audit', 30, 'admin');
    const stop = startRetentionSchedule(t.ctx, 1);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(await retentionPolicies(t.ctx.db).workspace('ws-s')).toBeUndefined();
  });
});
