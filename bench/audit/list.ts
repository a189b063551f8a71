// Audit list page latency over 50 000 entries (two workspaces), newest first, 20 pages of 50 with a cursor.
// Run: npx tsx bench/audit/list.ts
import { sql } from 'kysely';
import { createTestContext } from '../../test/support/context.js';
import { auditRepository } from '../../src/audit/audit-repository.js';
for (const dialect of ['sqlite', 'postgres'] as const) {
  const t = await createTestContext(dialect, { ATOM_LOG_LEVEL: 'silent' });
  // Bulk rows straight in (the chain is irrelevant to list speed).
  const N = 50_000;
  for (let b = 0; b < N; b += 1000) {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: `id${b + i}`, chain: b + i < N / 2 ? 'ws-a' : 'ws-b', seq: b + i + 1, workspace_id: b + i < N / 2 ? 'ws-a' : 'ws-b', occurred_at: new Date(1e12 + (b + i) * 1000).toISOString(), actor_id: `u${i % 10}`, actor_type: 'user', action: i % 3 ? 'workflow.updated' : 'auth.login', target_type: 'workflow', target_id: `wf${i % 100}`, outcome: 'success', ip: null, user_agent: null, request_id: null, details: '{}', prev_hash: 'x', hash: 'y' }));
    await t.ctx.db.insertInto('audit_log').values(rows).execute();
  }
  if (dialect === 'postgres') await sql`analyze audit_log`.execute(t.ctx.db);
  const repo = auditRepository(t.ctx.db);
  for (const [label, filter] of [['no filter', {}], ['action prefix auth.*', { action: 'auth.*' }], ['actor', { actor: 'u3' }]] as const) {
    const start = performance.now();
    let before: number | undefined;
    for (let p = 0; p < 20; p++) { const r = await repo.search('ws-a', filter, { limit: 51, beforeSeq: before }); before = r[r.length - 1]!.seq; }
    console.log(`${dialect} ${label}: ${((performance.now() - start) / 20).toFixed(2)} ms/page`);
  }
  await t.cleanup();
}
