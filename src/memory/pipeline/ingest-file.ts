import { createHash } from 'node:crypto';
import path from 'node:path';
import { newId, nowIso } from '../../platform/index.js';
import { chunkDocument, indexableText } from '../chunk/index.js';
import { contentHash } from '../embed/index.js';
import { extractDocument } from '../extract/index.js';
import type { Memory } from '../memory.js';
import { chunkKey, type ChunkRow } from '../store/index.js';
import type { MemoryConnection } from '../tables.js';

/** A file offered to the memory by any source: its identity, metadata, readers, and how to get its bytes. */
export interface IncomingFile {
  connection: Pick<MemoryConnection, 'id' | 'workspace_id' | 'kind'>;
  externalId: string;
  name: string;
  path?: string | undefined;
  url?: string | undefined;
  mime?: string | undefined;
  owner?: string | undefined;
  modifiedAt?: string | undefined;
  /** Source revision or checksum: when it matches what is stored, the file is not downloaded again. */
  revision?: string | undefined;
  sizeBytes?: number | undefined;
  principals: string[];
  syncRunId?: string | undefined;
  load: () => Promise<Uint8Array>;
}

export type IngestOutcome = { outcome: 'indexed'; documentId: string; chunks: number } | { outcome: 'unchanged'; documentId: string } | { outcome: 'failed'; documentId: string; code: string; reason: string };

const samePrincipals = (a: string, b: string[]) => a === JSON.stringify([...b].sort());

/**
 * One file through the pipeline: skip if unchanged → load → extract → chunk → embed (reusing stored and
 * cached vectors) → write passages → record the document. A bad file is recorded as a failure with its
 * code and never throws; only infrastructure faults (store, database) do.
 */
export async function ingestFile(memory: Memory, file: IncomingFile): Promise<IngestOutcome> {
  const prepared = await prepareFile(memory, file);
  return 'outcome' in prepared ? prepared.outcome : prepared.commit();
}

/**
 * A file after the CPU-bound steps: either finished (unchanged, failed) or with its passages ready and a
 * `commit` that stores them (LanceDB write, then the document row). Splitting the two lets an ingest job
 * go on extracting and embedding the next files while the store writes this one in its native threads.
 */
export type PreparedFile = { outcome: IngestOutcome } | { rows: number; documentId: string; commit: () => Promise<IngestOutcome> };

/** Everything of `ingestFile` up to the write: see there. */
export async function prepareFile(memory: Memory, file: IncomingFile): Promise<PreparedFile> {
  const { connection } = file;
  const principals = [...new Set(file.principals)].sort();
  const existing = await memory.documents.findByExternal(connection.id, file.externalId);
  const title = path.basename(file.name) || file.name;
  const docPath = file.path ?? file.name;
  const documentId = existing?.id ?? newId('mdoc');

  if (
    existing &&
    existing.status === 'indexed' &&
    file.revision !== undefined &&
    existing.revision === file.revision &&
    samePrincipals(existing.principals, principals) &&
    existing.path === docPath
  ) {
    if (file.syncRunId) await memory.documents.markSeen(connection.id, [file.externalId], file.syncRunId);
    memory.metrics.documents.inc({ source: connection.kind, outcome: 'unchanged' });
    return { outcome: { outcome: 'unchanged', documentId } };
  }

  const base = {
    id: documentId,
    workspace_id: connection.workspace_id,
    connection_id: connection.id,
    source: connection.kind,
    external_id: file.externalId,
    title,
    path: docPath,
    url: file.url ?? null,
    owner: file.owner ?? null,
    modified_at: file.modifiedAt ?? null,
    revision: file.revision ?? null,
    principals: JSON.stringify(principals),
    sync_run_id: file.syncRunId ?? null,
    created_at: existing?.created_at ?? nowIso(),
    updated_at: nowIso(),
  };

  const fail = async (mime: string, code: string, reason: string): Promise<PreparedFile> => {
    await memory.failures.record({ workspaceId: connection.workspace_id, connectionId: connection.id, externalId: file.externalId, name: title, mime, code, reason });
    // A file that turned unreadable must not keep answering with its old passages.
    if (existing && existing.chunk_count > 0) await memory.index.writer.write('replace', documentId, []);
    await memory.documents.save({ ...base, mime, content_hash: null, size_bytes: file.sizeBytes ?? 0, chunk_count: 0, status: 'failed', indexed_at: null });
    memory.metrics.documents.inc({ source: connection.kind, outcome: 'failed' });
    memory.metrics.failures.inc({ code });
    return { outcome: { outcome: 'failed', documentId, code, reason } };
  };

  let bytes: Uint8Array;
  try {
    bytes = await file.load();
  } catch (err) {
    return fail(file.mime ?? 'application/octet-stream', 'memory.source.download_failed', `The file could not be downloaded: ${(err as Error).message}`.slice(0, 300));
  }
  memory.metrics.bytes.inc({ source: connection.kind }, bytes.byteLength);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const extracted = await extractDocument({ bytes, name: file.name, mime: file.mime }, memory.limits);
  if (!extracted.ok) return fail(extracted.mime, extracted.code, extracted.reason);

  // Without a title of its own, the file name (less its extension) gives the passages their context.
  const contextTitle = extracted.document.title ?? title.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const chunks = chunkDocument({ ...extracted.document, title: contextTitle }, memory.chunking);
  if (chunks.length === 0) return fail(extracted.mime, 'memory.extract.empty', 'The file has no text to index.');
  const texts = chunks.map(indexableText);
  const hashes = texts.map(contentHash);
  const { embedder, writer } = memory.index;
  const stored = existing && existing.chunk_count > 0 ? await memory.index.table.vectorsOf(documentId) : new Map<string, Float32Array>();
  const missing = texts.filter((_, i) => !stored.has(hashes[i]!));
  const fresh = await embedder.embed(missing);
  let m = 0;
  const vectors = hashes.map((h) => stored.get(h) ?? fresh[m++]!);

  const modifiedMs = file.modifiedAt ? Date.parse(file.modifiedAt) : Date.now();
  const rows: ChunkRow[] = chunks.map((c, i) => ({
    key: chunkKey(connection.id, file.externalId, c.index),
    workspace_id: connection.workspace_id,
    document_id: documentId,
    connection_id: connection.id,
    source: connection.kind,
    external_id: file.externalId,
    chunk_index: c.index,
    title: extracted.document.title ?? title,
    path: docPath,
    url: file.url ?? '',
    mime: extracted.mime,
    owner: file.owner ?? '',
    modified_ms: Number.isNaN(modifiedMs) ? 0 : modifiedMs,
    content_hash: hash,
    chunk_hash: hashes[i]!,
    principals,
    context: c.context,
    text: c.text,
    search_text: texts[i]!,
    vector: vectors[i]!,
  }));

  // A document never stored goes by the cheap append path; the row is recorded first (as "indexing") so a
  // crash between the two steps is retried through merge-insert, which cannot duplicate passages.
  const doc = { ...base, title: extracted.document.title ?? title, mime: extracted.mime, content_hash: hash, size_bytes: bytes.byteLength, chunk_count: rows.length };
  const commit = async (): Promise<IngestOutcome> => {
    if (!existing) {
      await memory.documents.save({ ...doc, status: 'indexing', indexed_at: null });
      await writer.write('append', documentId, rows);
    } else {
      await writer.write('replace', documentId, rows);
    }
    await memory.documents.save({ ...doc, status: 'indexed', indexed_at: nowIso() });
    if (existing?.status === 'failed' || !existing) await memory.failures.clear(connection.id, file.externalId);
    memory.metrics.documents.inc({ source: connection.kind, outcome: 'indexed' });
    memory.metrics.chunks.inc({ source: connection.kind }, rows.length);
    return { outcome: 'indexed', documentId, chunks: rows.length };
  };
  return { rows: rows.length, documentId, commit };
}
