import { litList } from './store/index.js';
import type { Memory } from './memory.js';

/** Document ids that have passages in the store, read in pages. */
async function storedDocumentIds(memory: Memory): Promise<Set<string>> {
  const ids = new Set<string>();
  const page = 20_000;
  for (let offset = 0; ; offset += page) {
    const rows = await memory.index.table.scan(undefined, ['document_id'], page, offset);
    for (const r of rows) ids.add(String(r['document_id']));
    if (rows.length < page) break;
  }
  return ids;
}

async function knownDocumentIds(memory: Memory): Promise<Map<string, number>> {
  const known = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const rows = await memory.documents.allIndexedIds(after, 5000);
    for (const r of rows) known.set(r.id, Number(r.chunk_count));
    if (rows.length < 5000) break;
    after = rows.at(-1)!.id;
  }
  return known;
}

/**
 * Removes passages whose document is gone from the database (a crash between the two deletes, a
 * restored backup), so search never returns a hit that cannot be opened.
 */
export async function removeOrphans(memory: Memory): Promise<number> {
  await memory.index.writer.flush();
  const stored = await storedDocumentIds(memory);
  const known = await knownDocumentIds(memory);
  // Documents being written right now ("indexing") are not orphans.
  const orphans = [...stored].filter((id) => !known.has(id));
  const inFlight = new Set((await memory.documents.getManyAnyWorkspace(orphans)).map((d) => d.id));
  const gone = orphans.filter((id) => !inFlight.has(id));
  for (let i = 0; i < gone.length; i += 200) await memory.index.table.deleteWhere(`document_id IN (${litList(gone.slice(i, i + 200))})`);
  return gone.length;
}

/** Compaction, index creation/update, pruning of versions older than the configured age, orphan removal. */
export async function optimizeMemory(memory: Memory): Promise<{ compactedFragments: number; prunedBytes: number; orphansRemoved: number }> {
  const orphansRemoved = await removeOrphans(memory);
  await memory.index.table.ensureIndexes();
  const r = await memory.index.table.optimize(memory.ctx.config.ATOM_MEMORY_KEEP_VERSIONS_MINUTES * 60_000);
  return { compactedFragments: r.compacted, prunedBytes: r.prunedBytes, orphansRemoved };
}

/** Compares the database with the store: documents whose passage count differs, and passages without a document. */
export async function verifyMemory(memory: Memory): Promise<{ documents: number; mismatched: { id: string; expected: number; stored: number }[]; orphanDocuments: number }> {
  await memory.index.writer.flush();
  const known = await knownDocumentIds(memory);
  const counts = new Map<string, number>();
  const page = 20_000;
  for (let offset = 0; ; offset += page) {
    const rows = await memory.index.table.scan(undefined, ['document_id'], page, offset);
    for (const r of rows) counts.set(String(r['document_id']), (counts.get(String(r['document_id'])) ?? 0) + 1);
    if (rows.length < page) break;
  }
  const mismatched = [...known].filter(([id, n]) => (counts.get(id) ?? 0) !== n).map(([id, n]) => ({ id, expected: n, stored: counts.get(id) ?? 0 }));
  const orphanDocuments = [...counts.keys()].filter((id) => !known.has(id)).length;
  return { documents: known.size, mismatched, orphanDocuments };
}
