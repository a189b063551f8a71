import { newId } from '../../platform/index.js';
import { startingProgress, type IngestJob, type IngestProgress } from '../pipeline/ingest-job.js';
import { publish } from '../../realtime/index.js';
import type { Memory } from '../memory.js';
import type { SyncJobProgress } from '../repositories/index.js';
import type { MemoryConnection } from '../tables.js';

/** How often a running sync writes its progress row, at most. */
export const PROGRESS_EVERY_MS = 500;
/** How often it sends a progress event, at most: each one makes open web pages refetch their memory lists. */
export const EVENT_EVERY_MS = 1000;

/** A fresh progress record for a sync of `connection` (queued: waiting for a worker). */
export function newSyncProgress(connection: Pick<MemoryConnection, 'id' | 'workspace_id' | 'name'>, phase: SyncJobProgress['phase'] = 'listing', id = newId('mjob')): SyncJobProgress {
  return { ...startingProgress({ id, workspaceId: connection.workspace_id, label: `Sync of ${connection.name}` }), connectionId: connection.id, phase };
}

/** The live-event form of a sync's progress (small: no failure list). */
export const progressEventData = (p: SyncJobProgress) => ({
  jobId: p.id,
  connectionId: p.connectionId,
  status: p.status,
  phase: p.phase,
  total: p.total,
  done: p.done,
  indexed: p.indexed,
  unchanged: p.unchanged,
  failed: p.failed,
  rate: p.rate,
  ...(p.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
  ...(p.currentFile ? { currentFile: p.currentFile.slice(0, 200) } : {}),
});

/**
 * Shares a running sync's progress with every process: its `memory_sync_jobs` row is written at most every
 * `everyMs` (a change inside the window is written when it ends), and at once by `flush()` (page ends, the
 * end); a write also goes out as a `memory.sync.progress` event if the last one is `eventEveryMs` old, and
 * always at the end. Writing is best effort: a failed write is logged and the sync goes on (the next write
 * carries the figures).
 */
export function syncProgressReporter(memory: Memory, progress: SyncJobProgress, options: { everyMs?: number; eventEveryMs?: number } = {}) {
  const everyMs = options.everyMs ?? PROGRESS_EVERY_MS;
  const eventEveryMs = options.eventEveryMs ?? EVENT_EVERY_MS;
  let lastEvent = 0;
  const log = memory.ctx.logger;
  let lastWrite = 0;
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let warnedAt = 0;

  const writeNow = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    lastWrite = Date.now();
    // One write at a time, in order: a slow database never sees an older snapshot overwrite a newer one.
    writing = writing.then(async () => {
      try {
        await memory.syncJobs.save(progress);
      } catch (err) {
        if (Date.now() - warnedAt > 10_000) {
          warnedAt = Date.now();
          log.warn({ err, job: progress.id }, 'memory sync: progress not saved (the sync goes on)');
        }
      }
      if (progress.status === 'running' && Date.now() - lastEvent < eventEveryMs) return;
      lastEvent = Date.now();
      void publish(memory.ctx, {
        workspaceId: progress.workspaceId,
        type: 'memory.sync.progress',
        resource: { kind: 'memory_source', id: progress.connectionId },
        permission: 'memory:read',
        data: progressEventData(progress),
      });
    });
    return writing;
  };

  return {
    progress,
    /** The figures changed: written now if the last write is old enough, else when the window ends. */
    changed(): void {
      const wait = lastWrite + everyMs - Date.now();
      if (wait <= 0) {
        void writeNow();
        return;
      }
      if (!timer) {
        timer = setTimeout(() => void writeNow(), wait);
        timer.unref();
      }
    },
    /** Writes now and waits for it (page boundaries, the end). */
    flush: () => writeNow(),
  };
}

export type SyncProgressReporter = ReturnType<typeof syncProgressReporter>;

/** Running jobs write a heartbeat this often, so a silent row means its process is gone. */
export const HEARTBEAT_MS = 15_000;

/**
 * Shares an ingest job that runs in this process (an upload: its files are here) like a sync: a row in
 * memory_sync_jobs under `connectionId` (phase `ingest`), written as files complete (throttled, see
 * `syncProgressReporter`), every HEARTBEAT_MS and at the end, so any API process answers for it. Call
 * `changed()` from the job's `onOutcome` and after changing its figures by hand.
 */
export function shareIngestJob(memory: Memory, progress: IngestProgress, connectionId: string) {
  const shared: SyncJobProgress = Object.assign(progress, { connectionId, phase: 'ingest' as const });
  const reporter = syncProgressReporter(memory, shared);
  const inserted = memory.syncJobs.insert(shared).catch((err: unknown) => memory.ctx.logger.warn({ err, job: shared.id }, 'memory: upload progress not shared (it is still answered here)'));
  const heartbeat = setInterval(() => void reporter.flush(), HEARTBEAT_MS);
  heartbeat.unref();
  return {
    /** The row exists (or could not be written): answer the client after this, so any process finds it. */
    ready: inserted.then(() => undefined),
    changed: () => reporter.changed(),
    /** Writes the final figures once the job is done (after its row exists). */
    async finish(job: IngestJob): Promise<void> {
      await job.done.catch(() => undefined);
      clearInterval(heartbeat);
      await inserted;
      shared.phase = 'done';
      await reporter.flush();
    },
  };
}
