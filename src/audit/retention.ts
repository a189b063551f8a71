import type { Kysely } from 'kysely';
import type { Database } from '../platform/index.js';
import type { RetentionClass } from '../retention/types.js';
import { chainOf } from './chain.js';
import './tables.js';

/**
 * Only a chain's oldest entries can go: the purge removes a prefix (seq 1..k) and records in the chain
 * head where it cut and the hash it cut at, so verification still proves every remaining entry.
 */
async function prefixOlderThan(db: Kysely<Database>, chain: string, cutoffIso: string, limit: number) {
  const head = await db.selectFrom('audit_chain_head').select(['pruned_through_seq']).where('chain', '=', chain).executeTakeFirst();
  if (!head) return { rows: [] as { id: string; seq: number; hash: string }[], total: 0 };
  // The first entry at or after the cutoff ends the prefix (an earlier-stamped entry after it stays).
  const firstKept = await db
    .selectFrom('audit_log')
    .select('seq')
    .where('chain', '=', chain)
    .where('occurred_at', '>=', cutoffIso)
    .orderBy('seq', 'asc')
    .limit(1)
    .executeTakeFirst();
  const base = db
    .selectFrom('audit_log')
    .where('chain', '=', chain)
    .where('seq', '>', head.pruned_through_seq)
    .$if(firstKept !== undefined, (q) => q.where('seq', '<', firstKept!.seq));
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base.select(['id', 'seq', 'hash']).orderBy('seq', 'asc').limit(limit).execute();
  return { rows, total: Number(total) };
}

export const auditRetentionClass: RetentionClass = {
  name: 'audit',
  label: 'Audit log',
  description: 'Entries of the audit trail. The oldest go first, and the chain stays verifiable.',
  minimumDays: 30,
  async preview(db, workspaceId, cutoffIso, limit) {
    const { rows, total } = await prefixOlderThan(db, chainOf(workspaceId), cutoffIso, limit);
    return { ids: rows.map((r) => r.id), total };
  },
  async purge(db, workspaceId, cutoffIso, ids) {
    if (ids.length === 0) return 0;
    const chain = chainOf(workspaceId);
    const wanted = new Set(ids);
    const run = async (trx: Kysely<Database>) => {
      // A no-op update locks the chain head (row lock on PostgreSQL, write lock on SQLite): appends and
      // other purges of this chain wait until this one commits.
      await trx.updateTable('audit_chain_head').set((eb) => ({ seq: eb.ref('seq') })).where('chain', '=', chain).execute();
      const { rows } = await prefixOlderThan(trx, chain, cutoffIso, ids.length);
      // Only the unbroken run of listed ids from the chain's start: deleting past a gap would cut the chain.
      const prefix: typeof rows = [];
      for (const r of rows) {
        if (!wanted.has(r.id)) break;
        prefix.push(r);
      }
      const last = prefix[prefix.length - 1];
      if (!last) return 0;
      let deleted = 0;
      for (let i = 0; i < prefix.length; i += 500) {
        const r = await trx
          .deleteFrom('audit_log')
          .where('chain', '=', chain)
          .where('id', 'in', prefix.slice(i, i + 500).map((p) => p.id))
          .executeTakeFirst();
        deleted += Number(r.numDeletedRows);
      }
      await trx
        .updateTable('audit_chain_head')
        .set({ pruned_through_seq: last.seq, pruned_through_hash: last.hash, updated_at: new Date().toISOString() })
        .where('chain', '=', chain)
        .execute();
      return deleted;
    };
    return db.isTransaction ? run(db) : db.transaction().execute(run);
  },
};
