import type { Kysely } from 'kysely';
import type { ChainReport } from '../shared/audit.js';
import type { Database } from '../platform/index.js';
import { entryHash } from './chain.js';
import { auditRepository } from './audit-repository.js';

export { chainBreakSchema, chainReportSchema, type ChainReport } from '../shared/audit.js';

/**
 * Walks a chain from its start (or where retention cut it) and reports the first broken link: a row whose
 * content no longer matches its hash (`altered`), a gap in the sequence (`missing`), a row not linking to
 * the one before (`unlinked`: the one before was changed and re-hashed), or rows missing at the end
 * (`truncated`, caught by the chain head).
 */
export async function verifyChain(db: Kysely<Database>, chain: string, batchSize = 1000): Promise<ChainReport> {
  const repo = auditRepository(db);
  const head = await repo.head(chain);
  const firstSeq = (head?.pruned_through_seq ?? 0) + 1;
  let expectedSeq = firstSeq;
  let prevHash = head?.pruned_through_hash ?? null;
  let checked = 0;
  const report = (firstBroken: ChainReport['firstBroken']): ChainReport => ({
    ok: firstBroken === null,
    checked,
    firstSeq,
    headSeq: head?.seq ?? 0,
    headHash: head?.hash ?? null,
    firstBroken,
  });

  for (let after = firstSeq - 1; ; ) {
    const rows = await repo.chainRows(chain, after, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!head) return report({ seq: row.seq, entryId: row.id, reason: 'unlinked', message: 'Entries exist but the chain head is missing.' });
      if (row.seq !== expectedSeq) {
        const message =
          row.seq - expectedSeq === 1
            ? `Entry #${expectedSeq} is missing (the next one is #${row.seq}).`
            : `Entries #${expectedSeq} to #${row.seq - 1} are missing.`;
        return report({ seq: expectedSeq, entryId: row.id, reason: 'missing', message });
      }
      if (entryHash(row) !== row.hash) {
        return report({ seq: row.seq, entryId: row.id, reason: 'altered', message: `Entry #${row.seq} was changed after it was written.` });
      }
      if (row.prev_hash !== prevHash) {
        return report({
          seq: row.seq,
          entryId: row.id,
          reason: 'unlinked',
          message: `Entry #${row.seq} does not link to entry #${row.seq - 1}: the earlier one was changed and re-hashed.`,
        });
      }
      checked++;
      expectedSeq++;
      prevHash = row.hash;
    }
    after = rows[rows.length - 1]!.seq;
  }
  if (head && (head.seq !== expectedSeq - 1 || (head.seq >= firstSeq && head.hash !== prevHash))) {
    const message =
      head.seq > expectedSeq - 1
        ? head.seq === expectedSeq
          ? `The newest entry (#${head.seq}) is missing.`
          : `The newest ${head.seq - expectedSeq + 1} entries (#${expectedSeq} to #${head.seq}) are missing.`
        : 'The chain head does not match the newest entry.';
    return report({ seq: expectedSeq, entryId: null, reason: 'truncated', message });
  }
  return report(null);
}

/** Every chain in the database (each workspace's and the system chain), for `atom audit verify`. */
export async function verifyAllChains(db: Kysely<Database>): Promise<{ chain: string; report: ChainReport }[]> {
  const heads = await db.selectFrom('audit_chain_head').select('chain').orderBy('chain').execute();
  const out: { chain: string; report: ChainReport }[] = [];
  for (const { chain } of heads) out.push({ chain, report: await verifyChain(db, chain) });
  return out;
}
