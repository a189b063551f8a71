// Audit trail cost: hash-chained appends vs a plain insert of the same row (baseline), sequential and with
// concurrent writers, and verification speed, on SQLite and PostgreSQL. Run: npx tsx bench/audit/append-verify.ts
import { sql } from 'kysely';
import { createTestContext, type TestDialect } from '../../test/support/context.js';
import { recordAudit, verifyChain } from '../../src/audit/index.js';
import { newId, nowIso } from '../../src/platform/index.js';

const N = Number(process.env['BENCH_N'] ?? 2000);
const entry = (i: number) => ({
  workspaceId: 'ws-bench',
  actorId: `user-${i % 7}`,
  actorType: 'user' as const,
  action: 'workflow.updated',
  target: { type: 'workflow', id: `wf-${i % 50}` },
  outcome: 'success' as const,
  ip: '192.0.2.1',
  userAgent: 'bench',
  details: { i, fields: ['name', 'steps'] },
});

async function timed(label: string, n: number, run: () => Promise<void>) {
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  console.log(`  ${label.padEnd(44)} ${(n / (ms / 1000)).toFixed(0).padStart(7)} /s  (${ms.toFixed(0)} ms for ${n})`);
}

for (const dialect of ['sqlite', 'postgres'] as TestDialect[]) {
  const t = await createTestContext(dialect, { ATOM_LOG_LEVEL: 'silent' });
  const { db } = t.ctx;
  console.log(`${dialect}:`);
  await sql`create table bench_plain (id text primary key, workspace_id text, occurred_at text, actor_id text, action text, details text)`.execute(db);
  await timed('baseline: plain insert, sequential', N, async () => {
    for (let i = 0; i < N; i++) {
      await db.transaction().execute(async (trx) => {
        await sql`insert into bench_plain values (${newId()}, 'ws-bench', ${nowIso()}, ${`user-${i % 7}`}, 'workflow.updated', ${JSON.stringify(entry(i).details)})`.execute(trx);
      });
    }
  });
  await timed('recordAudit, sequential', N, async () => {
    for (let i = 0; i < N; i++) await recordAudit(db, entry(i));
  });
  await timed('recordAudit, 8 concurrent writers (one chain)', N, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < N) await recordAudit(db, entry(next++));
      }),
    );
  });
  await timed('recordAudit, 8 writers on 8 workspaces', N, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        while (next < N) await recordAudit(db, { ...entry(next++), workspaceId: `ws-bench-${w}` });
      }),
    );
  });
  await timed('verifyChain (rows checked)', 2 * N, async () => {
    const r = await verifyChain(db, 'ws-bench');
    if (!r.ok || r.checked !== 2 * N) throw new Error(`unexpected report ${JSON.stringify(r)}`);
  });
  await t.cleanup();
}
