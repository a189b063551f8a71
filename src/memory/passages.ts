import type { Memory } from './memory.js';
import { lit } from './store/index.js';
import type { MemoryDocument } from './tables.js';

/**
 * A document's passages in order, as plain text, when the caller's principal keys may read it (the same
 * lookup GET /api/memory/documents/:id/passages makes); undefined when they may not or it does not exist.
 */
export async function documentPassages(
  memory: Memory,
  q: { workspaceId: string; documentId: string; principals: string[]; limit?: number },
): Promise<{ document: MemoryDocument; passages: { chunkIndex: number; context: string; text: string }[] } | undefined> {
  const document = await memory.documents.get(q.workspaceId, q.documentId, q.principals);
  if (!document) return undefined;
  const rows = await memory.searchIndex().table.scan(`document_id = ${lit(document.id)} AND workspace_id = ${lit(q.workspaceId)}`, ['chunk_index', 'context', 'text'], q.limit ?? 2000, 0);
  const passages = rows
    .map((r) => ({ chunkIndex: Number(r['chunk_index']), context: String(r['context'] ?? ''), text: String(r['text'] ?? '') }))
    .sort((a, b) => a.chunkIndex - b.chunkIndex);
  return { document, passages };
}
