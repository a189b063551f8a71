import type { IngestProgress } from './pipeline/ingest-job.js';
import { sourceSettingsOf, type SyncJobProgress } from './repositories/index.js';
import type { MemoryDocument as DocumentDto, MemorySource, Progress } from '../shared/memory.js';
import type { MemoryConnection, MemoryDocument } from './tables.js';

/** Row → API shape conversions (no secrets, no internal columns). */
export const documentDto = (d: MemoryDocument, failure?: { code: string; reason: string }): DocumentDto => ({
  id: d.id,
  connectionId: d.connection_id,
  source: d.source,
  externalId: d.external_id,
  title: d.title,
  path: d.path,
  url: d.url,
  mime: d.mime,
  owner: d.owner,
  modifiedAt: d.modified_at,
  contentHash: d.content_hash,
  sizeBytes: Number(d.size_bytes),
  chunkCount: Number(d.chunk_count),
  status: d.status,
  indexedAt: d.indexed_at,
  ...(failure ? { failure } : {}),
});

export const progressDto = (p: IngestProgress & Partial<Pick<SyncJobProgress, 'connectionId' | 'phase'>>): Progress => ({
  id: p.id,
  label: p.label,
  status: p.status,
  ...(p.connectionId ? { connectionId: p.connectionId } : {}),
  ...(p.phase ? { phase: p.phase } : {}),
  total: p.total,
  done: p.done,
  indexed: p.indexed,
  unchanged: p.unchanged,
  failed: p.failed,
  chunks: p.chunks,
  ...(p.currentFile ? { currentFile: p.currentFile } : {}),
  rate: p.rate,
  ...(p.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
  startedAt: p.startedAt,
  ...(p.finishedAt ? { finishedAt: p.finishedAt } : {}),
  ...(p.error ? { error: p.error } : {}),
  failures: p.failures,
});

export const connectionDto = (c: MemoryConnection): MemorySource => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  accountEmail: c.account_email,
  status: c.status,
  lastError: c.last_error,
  lastSyncStartedAt: c.last_sync_started_at,
  lastSyncFinishedAt: c.last_sync_finished_at,
  syncLagSeconds: c.last_sync_finished_at ? Math.round((Date.now() - Date.parse(c.last_sync_finished_at)) / 1000) : null,
  ...linkOf(c),
});

const linkOf = (c: MemoryConnection): { integrationConnectionId?: string } => {
  const id = sourceSettingsOf(c).integrationConnectionId;
  return id !== undefined ? { integrationConnectionId: id } : {};
};
