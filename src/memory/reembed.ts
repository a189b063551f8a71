import { indexableText } from './chunk/index.js';
import type { Memory } from './memory.js';
import type { ChunkRow } from './store/index.js';
import { lit } from './store/index.js';

const rowColumns = ['key', 'workspace_id', 'document_id', 'connection_id', 'source', 'external_id', 'chunk_index', 'title', 'path', 'url', 'mime', 'owner', 'modified_ms', 'content_hash', 'chunk_hash', 'principals', 'context', 'text'];

/**
 * After a model change: copies every document's passages from the previous index into the current one,
 * re-embedded with the current model, document by document (search keeps using the previous index until
 * the copy is complete), then makes the current index the one searches use and drops the old table.
 * Documents already written with the new model (new uploads, syncs) are skipped. Safe to restart.
 */
export async function reembedFromPreviousIndex(memory: Memory, onProgress?: (done: number) => void): Promise<{ documents: number; passages: number }> {
  const previous = memory.previousIndex();
  if (!previous) return { documents: 0, passages: 0 };
  const { table, embedder, writer } = memory.index;
  let documents = 0;
  let passages = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await memory.documents.allIndexedIds(after, 200);
    for (const doc of batch) {
      const present = await table.countRows(`document_id = ${lit(doc.id)}`);
      if (present === Number(doc.chunk_count) && present > 0) continue;
      const rows = await previous.table.scan(`document_id = ${lit(doc.id)}`, rowColumns, 100_000, 0);
      if (rows.length === 0) continue;
      const texts = rows.map((r) => indexableText({ context: String(r['context']), text: String(r['text']) }));
      const vectors = await embedder.embed(texts);
      const fresh: ChunkRow[] = rows.map((r, i) => ({
        ...(r as unknown as ChunkRow),
        modified_ms: Number(r['modified_ms']),
        principals: Array.from(r['principals'] as Iterable<string>),
        search_text: texts[i]!,
        vector: vectors[i]!,
      }));
      await writer.write('replace', doc.id, fresh);
      documents++;
      passages += fresh.length;
    }
    onProgress?.(documents);
    await memory.indexes.setStatus(embedder.id, 'building', documents);
    if (batch.length < 200) break;
    after = batch.at(-1)!.id;
  }
  await writer.flush();
  await memory.promoteCurrentIndex();
  return { documents, passages };
}
