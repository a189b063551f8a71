import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/index.js';
import { progressCountersSchema, syncPhases, type SyncPhase } from '../../shared/memory.js';
import type { IngestProgress } from '../progress.js';
import type { MemorySyncJobRow } from '../tables.js';

export { syncPhases, type SyncPhase } from '../../shared/memory.js';

/** A sync's progress: an ingest job's figures plus the source and the phase. */
export interface SyncJobProgress extends IngestProgress {
  connectionId: string;
  phase: SyncPhase;
}

// The counters kept in the row's JSON column; the rest of the progress lives in columns.
const snapshotSchema = progressCountersSchema;

const toRow = (p: SyncJobProgress) => ({
  id: p.id,
  workspace_id: p.workspaceId,
  connection_id: p.connectionId,
  label: p.label,
  status: p.status,
  phase: p.phase,
  progress: JSON.stringify({
    total: p.total,
    done: p.done,
    indexed: p.indexed,
    unchanged: p.unchanged,
    failed: p.failed,
    chunks: p.chunks,
    ...(p.currentFile !== undefined ? { currentFile: p.currentFile.slice(0, 500) } : {}),
    rate: p.rate,
    ...(p.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
    failures: p.failures.slice(0, 100),
  }),
  error: p.error?.slice(0, 1000) ?? null,
  started_at: p.startedAt,
  finished_at: p.finishedAt ?? null,
  updated_at: nowIso(),
});

/** A stored row as progress (`updatedAt`: when its process last wrote it). */
export function syncJobFromRow(row: MemorySyncJobRow): SyncJobProgress & { updatedAt: string } {
  const parsed = snapshotSchema.safeParse(JSON.parse(row.progress));
  const s = parsed.success ? parsed.data : { total: 0, done: 0, indexed: 0, unchanged: 0, failed: 0, chunks: 0, rate: 0, failures: [] };
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    connectionId: row.connection_id,
    label: row.label,
    status: row.status === 'finished' || row.status === 'failed' ? row.status : 'running',
    phase: (syncPhases as readonly string[]).includes(row.phase) ? (row.phase as SyncPhase) : 'listing',
    ...s,
    currentFile: s.currentFile,
    etaSeconds: s.etaSeconds,
    startedAt: row.started_at,
    finishedAt: row.finished_at ?? undefined,
    error: row.error ?? undefined,
    updatedAt: row.updated_at,
  };
}

/** Sync jobs kept per source (older finished ones are pruned when a new one starts). */
const KEEP_PER_CONNECTION = 5;

/**
 * Progress of source syncs, shared by every process: the process running a sync writes its row, any API
 * process reads it. Rows are keyed by the job id the API handed out (`mjob_...`).
 */
export function syncJobRepository(db: Kysely<Database>) {
  const repo = {
    async insert(p: SyncJobProgress): Promise<void> {
      await db.insertInto('memory_sync_jobs').values(toRow(p)).execute();
      // Bounded history: the newest few of this source.
      const old = await db
        .selectFrom('memory_sync_jobs')
        .select('id')
        .where('connection_id', '=', p.connectionId)
        .where('status', '!=', 'running')
        .orderBy('started_at', 'desc')
        .offset(KEEP_PER_CONNECTION)
        .limit(1000)
        .execute();
      if (old.length) await db.deleteFrom('memory_sync_jobs').where('id', 'in', old.map((o) => o.id)).execute();
    },

    /** Writes the latest snapshot; a finished row is never reopened (a late write of a stalled process). */
    async save(p: SyncJobProgress): Promise<void> {
      const { id: _id, workspace_id: _w, connection_id: _c, ...changes } = toRow(p);
      await db.updateTable('memory_sync_jobs').set(changes).where('id', '=', p.id).where('status', '=', 'running').execute();
    },

    async get(workspaceId: string, id: string) {
      const row = await db.selectFrom('memory_sync_jobs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return row ? syncJobFromRow(row) : undefined;
    },

    /** The newest sync job of each source of a workspace. */
    async latestByConnection(workspaceId: string): Promise<Map<string, SyncJobProgress & { updatedAt: string }>> {
      const rows = await db.selectFrom('memory_sync_jobs').selectAll().where('workspace_id', '=', workspaceId).orderBy('started_at', 'desc').limit(1000).execute();
      const latest = new Map<string, SyncJobProgress & { updatedAt: string }>();
      for (const r of rows) if (!latest.has(r.connection_id)) latest.set(r.connection_id, syncJobFromRow(r));
      return latest;
    },

    async recent(workspaceId: string, limit = 50) {
      const rows = await db.selectFrom('memory_sync_jobs').selectAll().where('workspace_id', '=', workspaceId).orderBy('started_at', 'desc').limit(limit).execute();
      return rows.map(syncJobFromRow);
    },

    /** The newest job of a source still running or waiting for a worker. */
    async activeOf(connectionId: string) {
      const row = await db.selectFrom('memory_sync_jobs').selectAll().where('connection_id', '=', connectionId).where('status', '=', 'running').orderBy('started_at', 'desc').executeTakeFirst();
      return row ? syncJobFromRow(row) : undefined;
    },

    clearConnection: (connectionId: string) => db.deleteFrom('memory_sync_jobs').where('connection_id', '=', connectionId).execute(),

    /** Ends a job nobody runs any more (its process died, or its queued job was lost). */
    async abandon(id: string, reason: string): Promise<void> {
      const now = nowIso();
      await db.updateTable('memory_sync_jobs').set({ status: 'failed', phase: 'done', error: reason, finished_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'running').execute();
    },
  };
  return repo;
}

export type SyncJobRepository = ReturnType<typeof syncJobRepository>;
