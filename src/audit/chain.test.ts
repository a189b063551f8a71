import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { openDatabase } from '../platform/db/index.js';
import { dropAppendOnlyGuard } from './fixtures/tamper.js';
import { auditedTransaction, chainOf, onAuditRecorded, recordAudit, verifyAllChains, verifyChain, type RecordedAudit } from './index.js';

const exec = promisify(execFile);

const entry = (workspaceId: string | null, i: number) => ({
  workspaceId,
  actorId: `user-${i % 3}`,
  actorType: 'user' as const,
  action: i % 2 ? 'workflow.updated' : 'auth.login.failed',
  target: { type: 'workflow', id: `wf-${i}` },
  outcome: 'success' as const,
  ip: '10.0.0.1',
  userAgent: 'vitest',
  details: { n: i, nested: { b: 2, a: 1 } },
});

describe.each(dialects)('audit chain on %s', (dialect) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  async function seeded(n: number, ws = 'ws-a') {
    t = await createTestContext(dialect);
    for (let i = 1; i <= n; i++) await recordAudit(t.ctx.db, entry(ws, i));
    return t.ctx.db;
  }

  it('links every entry to the one before and verifies clean', async () => {
    const db = await seeded(6);
    await recordAudit(db, entry('ws-b', 1));
    await recordAudit(db, entry(null, 1));
    const rows = await db.selectFrom('audit_log').selectAll().where('chain', '=', 'ws-a').orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(JSON.parse(rows[0]!.details)).toEqual({ n: 1, nested: { a: 1, b: 2 } });
    const report = await verifyChain(db, 'ws-a');
    expect(report).toMatchObject({ ok: true, checked: 6, headSeq: 6, firstBroken: null, headHash: rows[5]!.hash });
    expect((await verifyChain(db, chainOf(null))).ok).toBe(true);
    expect(await verifyChain(db, 'ws-b')).toMatchObject({ ok: true, checked: 1 });
  });

  it('masks secret-looking detail keys', async () => {
    const db = await seeded(0);
    await recordAudit(db, { ...entry('ws-a', 1), details: { password: 'pw-123', nested: { apiKey: 'k-456', name: 'ok' } } });
    const row = await db.selectFrom('audit_log').select('details').executeTakeFirstOrThrow();
    expect(row.details).not.toContain('pw-123');
    expect(row.details).not.toContain('k-456');
    expect(JSON.parse(row.details)).toEqual({ password: '[redacted]', nested: { apiKey: '[redacted]', name: 'ok' } });
  });

  it('verifies every chain at once and names the broken one', async () => {
    const db = await seeded(3, 'ws-x');
    await recordAudit(db, entry('ws-y', 1));
    await recordAudit(db, entry(null, 1));
    await sql`delete from audit_log where chain = 'ws-y'`.execute(db);
    const all = await verifyAllChains(db);
    expect(all.map((r) => [r.chain, r.report.ok])).toEqual([
      ['_system', true],
      ['ws-x', true],
      ['ws-y', false],
    ]);
  });

  it('bounds oversized details', async () => {
    const db = await seeded(0);
    await recordAudit(db, { ...entry('ws-a', 1), details: { rows: Array.from({ length: 2000 }, (_, i) => ({ i, name: `row ${i}` })) } });
    const row = await db.selectFrom('audit_log').select('details').executeTakeFirstOrThrow();
    expect(JSON.parse(row.details)).toMatchObject({ truncated: true, keys: ['rows'] });
    expect((await verifyChain(db, 'ws-a')).ok).toBe(true);
  });

  it('refuses a malformed action', async () => {
    const db = await seeded(0);
    await expect(recordAudit(db, { ...entry('ws-a', 1), action: 'Bad Action' })).rejects.toThrow(/dotted/);
  });

  it('refuses any UPDATE of an audit row at the database level', async () => {
    const db = await seeded(2);
    await expect(sql`update audit_log set outcome = 'failure' where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyChain(db, 'ws-a')).toMatchObject({ ok: true, checked: 2 });
  });

  it('reports a row altered in the database', async () => {
    const db = await seeded(5);
    await dropAppendOnlyGuard(db, dialect);
    await sql`update audit_log set outcome = 'failure' where chain = 'ws-a' and seq = 3`.execute(db);
    const report = await verifyChain(db, 'ws-a');
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 3, reason: 'altered' });
    expect(report.checked).toBe(2);
  });

  it('reports a row altered and re-hashed (its successor no longer links to it)', async () => {
    const db = await seeded(5);
    // Tamper and recompute the row's own hash: the next row's prev_hash still gives it away.
    const { entryHash } = await import('./chain.js');
    const row = await db.selectFrom('audit_log').selectAll().where('chain', '=', 'ws-a').where('seq', '=', 2).executeTakeFirstOrThrow();
    const forged = { ...row, actor_id: 'someone-else' };
    await dropAppendOnlyGuard(db, dialect);
    await db.updateTable('audit_log').set({ actor_id: forged.actor_id, hash: entryHash(forged) }).where('id', '=', row.id).execute();
    expect((await verifyChain(db, 'ws-a')).firstBroken).toMatchObject({ seq: 3, reason: 'unlinked' });
  });

  it('reports a deleted row in the middle, at the start and at the end', async () => {
    const db = await seeded(5);
    await sql`delete from audit_log where chain = 'ws-a' and seq = 3`.execute(db);
    expect((await verifyChain(db, 'ws-a')).firstBroken).toMatchObject({ seq: 3, reason: 'missing', message: 'Entry #3 is missing (the next one is #4).' });

    await sql`delete from audit_log where chain = 'ws-a' and seq = 1`.execute(db);
    expect((await verifyChain(db, 'ws-a')).firstBroken).toMatchObject({ seq: 1, reason: 'missing' });
  });

  it('reports the newest row deleted (the chain head remembers it)', async () => {
    const db = await seeded(4);
    await sql`delete from audit_log where chain = 'ws-a' and seq = 4`.execute(db);
    expect((await verifyChain(db, 'ws-a')).firstBroken).toMatchObject({ seq: 4, reason: 'truncated', message: 'The newest entry (#4) is missing.' });
  });

  it('keeps one gap-free chain under concurrent writers (other pools on PostgreSQL, other processes on SQLite)', async () => {
    t = await createTestContext(dialect);
    const ctx = t.ctx;
    const mine = Array.from({ length: 30 }, (_, i) => recordAudit(ctx.db, entry('ws-c', i)));
    if (dialect === 'postgres') {
      const other = openDatabase({ config: t.config, logger: ctx.logger });
      try {
        await Promise.all([...mine, ...Array.from({ length: 30 }, (_, i) => recordAudit(other.db, entry('ws-c', i)))]);
      } finally {
        await other.close();
      }
    } else {
      // better-sqlite3 is synchronous: a second connection in this process would block it; use processes.
      const fixture = fileURLToPath(new URL('./fixtures/append-many.ts', import.meta.url));
      const child = (n: number) => exec(process.execPath, ['--import', 'tsx', fixture, t!.dataDir, 'ws-c', String(n)], { timeout: 60_000 });
      await Promise.all([...mine, child(15), child(15)]);
    }
    const seqs = (await ctx.db.selectFrom('audit_log').select('seq').where('chain', '=', 'ws-c').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await verifyChain(ctx.db, 'ws-c')).toMatchObject({ ok: true, checked: 60 });
  });

  it('commits or rolls back with the caller’s transaction', async () => {
    t = await createTestContext(dialect);
    await t.ctx.db.transaction().execute(async (trx) => {
      await recordAudit(trx, entry('ws-t', 1));
    });
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await recordAudit(trx, entry('ws-t', 2));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await verifyChain(t.ctx.db, 'ws-t')).toMatchObject({ ok: true, checked: 1, headSeq: 1 });
  });

  it('announces an entry recorded in a transaction only after it commits, and never one that rolls back', async () => {
    t = await createTestContext(dialect);
    const db = t.ctx.db;
    const heard: RecordedAudit[] = [];
    const stop = onAuditRecorded(db, (e) => heard.push(e));
    try {
      const targets = () => heard.filter((e) => e.workspaceId === 'ws-live').map((e) => e.target?.id);
      // Rolled back: stored nowhere, announced never.
      await expect(
        auditedTransaction(db, async (trx) => {
          await recordAudit(trx, { ...entry('ws-live', 1), target: { type: 'workflow', id: 'rolled-back' } });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      // Committed: not told while the transaction is open, told once it has committed.
      await auditedTransaction(db, async (trx) => {
        await recordAudit(trx, { ...entry('ws-live', 2), target: { type: 'workflow', id: 'committed' } });
        expect(targets()).toEqual([]);
      });
      expect(targets()).toEqual(['committed']);
      // The caller's own hook: announcement handed over, run only if the caller commits.
      const afterCommit: (() => void)[] = [];
      await expect(
        db.transaction().execute(async (trx) => {
          await recordAudit(trx, { ...entry('ws-live', 3), target: { type: 'workflow', id: 'hooked-rolled-back' } }, { afterCommit: (a) => afterCommit.push(a) });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      // A plain transaction with no way to learn of the commit: stored, not announced.
      await db.transaction().execute(async (trx) => {
        await recordAudit(trx, { ...entry('ws-live', 4), target: { type: 'workflow', id: 'plain' } });
      });
      // Outside a transaction: told right after the append.
      await recordAudit(db, { ...entry('ws-live', 5), target: { type: 'workflow', id: 'direct' } });
      expect(targets()).toEqual(['committed', 'direct']);
      expect(afterCommit).toHaveLength(1);
      const stored = (await db.selectFrom('audit_log').select('target_id').where('chain', '=', chainOf('ws-live')).orderBy('seq').execute()).map((r) => r.target_id);
      expect(stored).toEqual(['committed', 'plain', 'direct']);
    } finally {
      stop();
    }
  });
});
