import { vi } from 'vitest';
import { describeRetentionClassContract } from '../../test/support/retention-contract.js';
import { auditRetentionClass, recordAudit, verifyChain } from './index.js';

// The audit class keeps the generic contract, and its chain still verifies after the purge.
describeRetentionClassContract(auditRetentionClass, {
  async seed(t, workspaceId, ages) {
    const ids: string[] = [];
    const now = Date.now();
    // Oldest first, as an append-only log is written.
    for (const age of ages) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(now - age * 24 * 60 * 60 * 1000);
      try {
        await recordAudit(t.ctx.db, { workspaceId, actorId: 'u', actorType: 'user', action: 'test.seeded', outcome: 'success', details: { age } });
      } finally {
        vi.useRealTimers();
      }
      const row = await t.ctx.db.selectFrom('audit_log').select('id').where('workspace_id', '=', workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return ids;
  },
  async remaining(t, workspaceId) {
    const report = await verifyChain(t.ctx.db, workspaceId);
    if (!report.ok) throw new Error(`chain broken after purge: ${report.firstBroken?.message}`);
    return (await t.ctx.db.selectFrom('audit_log').select('id').where('workspace_id', '=', workspaceId).execute()).map((r) => r.id);
  },
});
