import { AppError, newId, nowIso } from '../../platform/index.js';
import type { Memory } from '../memory.js';
import type { IncomingFile, IngestOutcome } from '../pipeline/ingest-file.js';
import { settleIndexes, startIngestJob } from '../pipeline/ingest-job.js';
import type { SyncJobProgress } from '../repositories/index.js';
import type { MemoryConnection, MemorySyncState } from '../tables.js';
import { syncLiveEvents } from './live-events.js';
import { HEARTBEAT_MS, syncProgressReporter } from './sync-progress.js';
import { ResyncRequired } from './source-http.js';
import type { SourceAdapter, SourceFile, SyncReport } from './types.js';

export type { SyncReport } from './types.js';

export interface SyncOptions {
  signal?: AbortSignal;
  /** Files processed at once within a page. */
  concurrency?: number;
  /** How long the source's sync lease lasts without renewal (renewed as pages and files complete). */
  leaseMs?: number;
  /** The caller already took the source's lease under this owner (it is renewed, then released at the end). */
  leaseOwner?: string;
  /** The sync job reporting this sync's progress (its id goes into the live events, which it sends itself). */
  jobId?: string;
  /** A page was listed: its phase and how many files it holds (before they are processed). */
  onPage?: (page: { phase: 'full' | 'incremental'; files: number }) => void;
  /** A page was processed and its cursor saved. */
  onPageDone?: () => Promise<void>;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;

const leaseLost = () => new AppError('memory.source.lease_lost', 'Another process took over this sync.', { status: 409 });

/** Another process (or request) is syncing this source right now. */
export const syncRunning = (name: string) => new AppError('memory.source.sync_running', `A sync of "${name}" is already running.`, { status: 409 });

/**
 * One sync of a connection, resumable at page granularity. A full round enumerates everything under a run
 * id and, at its end, removes documents the run did not see (deleted, moved out of scope, unshared); an
 * incremental round follows the saved cursor and applies changes and removals. The cursor is saved after
 * every page, so a killed sync continues from the page it was on, and re-processing a page is harmless
 * (documents are keyed by connection + external id, passages by key).
 */
export async function syncConnection(
  memory: Memory,
  connection: MemoryConnection,
  adapter: SourceAdapter,
  options: SyncOptions = {},
  onProgress?: (file: IncomingFile, outcome: string, detail: IngestOutcome) => void,
): Promise<SyncReport> {
  // The lease makes one sync per source at a time across processes; a crashed holder's lease lapses.
  const leaseOwner = options.leaseOwner ?? newId('msync');
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(await memory.connections.tryLease(connection.id, leaseOwner, leaseMs))) throw syncRunning(connection.name);
  let renewedAt = Date.now();
  // Throttled while files complete; forced at a page end, so a process that lost the lease (taken over as
  // gone while it was stalled) never saves a cursor after someone else resumed the source.
  const renewLease = async (force = false) => {
    if (!force && Date.now() - renewedAt < Math.min(30_000, leaseMs / 4)) return;
    renewedAt = Date.now();
    if (!(await memory.connections.tryLease(connection.id, leaseOwner, leaseMs))) throw leaseLost();
  };
  const live = syncLiveEvents(memory.ctx, connection, options.jobId);
  live.started();
  try {
    const report = await syncUnderLease(memory, connection, adapter, { ...options, leaseOwner }, renewLease, (file, outcome) => {
      // A sync job sends richer progress events itself (sync-progress.ts).
      if (!options.jobId) live.progress(outcome.outcome, file.name);
      onProgress?.(file, outcome.outcome, outcome);
    });
    live.finished(report);
    return report;
  } catch (err) {
    live.failed(err);
    throw err;
  } finally {
    await memory.connections.releaseLease(connection.id, leaseOwner);
  }
}

async function syncUnderLease(memory: Memory, connection: MemoryConnection, adapter: SourceAdapter, options: SyncOptions, renewLease: (force?: boolean) => Promise<void>, onProgress?: (file: IncomingFile, outcome: IngestOutcome) => void): Promise<SyncReport> {
  const report: SyncReport = { pages: 0, indexed: 0, unchanged: 0, failed: 0, removed: 0, resynced: false, phase: 'incremental' };
  let state: Omit<MemorySyncState, 'updated_at'> = (await memory.syncState.get(connection.id)) ?? {
    connection_id: connection.id,
    workspace_id: connection.workspace_id,
    phase: 'full',
    run_id: newId('run'),
    page_cursor: null,
    next_cursor: null,
    pages_done: 0,
    items_seen: 0,
  };
  // Fenced by the lease: a sync taken over (it looked gone) cannot move the cursor under its successor.
  const save = async (next: typeof state) => {
    state = next;
    if (!(await memory.syncState.save(state, options.leaseOwner))) throw leaseLost();
  };
  await memory.connections.setStatus(connection.id, 'syncing', { startedAt: nowIso(), lastError: null });

  const restartFull = async () => {
    report.resynced = true;
    await save({ ...state, phase: 'full', run_id: newId('run'), page_cursor: null, next_cursor: null, pages_done: 0, items_seen: 0 });
  };

  try {
    if (state.phase === 'incremental' && !state.next_cursor) await restartFull();
    for (;;) {
      if (options.signal?.aborted) throw new Error('sync stopped');
      report.phase = state.phase === 'full' ? 'full' : 'incremental';
      if (state.phase === 'full' && state.page_cursor === null && state.pages_done === 0 && adapter.startCursor) {
        // Taken before enumerating, so changes made during a long enumeration are replayed afterwards.
        await save({ ...state, next_cursor: await adapter.startCursor() });
      }
      let page;
      try {
        page = state.phase === 'full' ? await adapter.listAll(state.page_cursor ?? undefined) : await adapter.listChanges(state.page_cursor ?? state.next_cursor!);
      } catch (err) {
        if (err instanceof ResyncRequired) {
          memory.ctx.logger.info({ connection: connection.id }, 'source asked for a full resync');
          await restartFull();
          continue;
        }
        throw err;
      }
      memory.metrics.syncPages.inc({ source: adapter.kind });

      const removals = page.items.filter((i) => i.kind === 'removed').map((i) => i.externalId);
      const files = page.items.filter((i): i is SourceFile => i.kind === 'file');
      options.onPage?.({ phase: report.phase, files: files.length });
      if (removals.length) {
        const docs = (await Promise.all(removals.map((id) => memory.documents.findByExternal(connection.id, id)))).filter((d) => d !== undefined);
        await memory.deleteDocuments(docs.map((d) => d.id));
        for (const id of removals) await memory.failures.clear(connection.id, id);
        report.removed += docs.length;
      }
      const incoming: IncomingFile[] = [];
      for (const f of files) {
        incoming.push({
          connection,
          externalId: f.externalId,
          name: f.name,
          path: f.path,
          url: f.url,
          mime: f.mime,
          owner: f.owner,
          modifiedAt: f.modifiedAt,
          revision: f.revision,
          sizeBytes: f.sizeBytes,
          principals: await f.principals(),
          syncRunId: state.phase === 'full' ? state.run_id : undefined,
          load: f.download,
        });
      }
      const job = startIngestJob(memory, { workspaceId: connection.workspace_id, label: connection.name, files: incoming, total: incoming.length, concurrency: options.concurrency ?? 2, settle: false, onOutcome: async (file, o) => {
          onProgress?.(file, o);
          // A page of large files can outlast the lease: keep it while work goes on (a loss shows at the page end).
          await renewLease().catch(() => undefined);
        } });
      const result = await job.done;
      if (result.status === 'failed') throw new Error(result.error ?? 'ingest failed');
      report.indexed += result.indexed;
      report.unchanged += result.unchanged;
      report.failed += result.failed;
      if (state.phase === 'full') await memory.documents.markSeen(connection.id, files.map((f) => f.externalId), state.run_id);
      report.pages++;
      await renewLease(true);

      if (page.nextPage) {
        await save({ ...state, page_cursor: page.nextPage, pages_done: state.pages_done + 1, items_seen: state.items_seen + page.items.length });
        await options.onPageDone?.();
        continue;
      }
      if (state.phase === 'full') {
        // Everything at the source was seen in this run: what was not is gone (or out of scope now).
        const unseen = await memory.documents.notSeenBy(connection.id, state.run_id);
        await memory.deleteDocuments(unseen.map((d) => d.id));
        report.removed += unseen.length;
      }
      await save({ ...state, phase: 'incremental', page_cursor: null, next_cursor: page.nextRound ?? state.next_cursor, pages_done: 0, items_seen: 0 });
      break;
    }
    // Once, at the end rather than after every page: a sync says "finished" only when a search ranks
    // its passages as a settled index would.
    if (report.indexed > 0 || report.removed > 0) await settleIndexes(memory);
    await memory.connections.setStatus(connection.id, 'idle', { finishedAt: nowIso(), lastError: null });
    return report;
  } catch (err) {
    // A sync that lost its lease leaves the source's status to the process that took it over.
    const stillHeld = await renewLease(true).then(() => true, () => false);
    if (stillHeld) await memory.connections.setStatus(connection.id, options.signal?.aborted ? 'stopped' : 'error', { lastError: (err as Error).message.slice(0, 500) });
    throw err;
  }
}

/** Running sync jobs write a heartbeat this often, so a silent row means its process is gone. */
export const SYNC_HEARTBEAT_MS = HEARTBEAT_MS;

/**
 * A sync as a job whose progress every process can read ("sync now", scheduled syncs): `progress` is its
 * row in memory_sync_jobs (created by the caller), written as files complete (throttled), at each page end,
 * every SYNC_HEARTBEAT_MS, and at the end; each write also goes out as a live event.
 */
export function startSyncJob(memory: Memory, connection: MemoryConnection, adapter: SourceAdapter, progress: SyncJobProgress, options: Pick<SyncOptions, 'signal' | 'concurrency' | 'leaseOwner' | 'leaseMs'> = {}): { progress: SyncJobProgress; done: Promise<SyncJobProgress> } {
  const reporter = syncProgressReporter(memory, progress);
  const started = Date.now();
  Object.assign(progress, { status: 'running', phase: 'listing' });
  // The heartbeat also renews the lease: if another process took it over (this one looked gone, e.g. it
  // was stalled for minutes), this sync stops at once, so a source never has two live syncers for long.
  const leaseLost = new AbortController();
  const { leaseOwner } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const heartbeat = setInterval(() => {
    void reporter.flush();
    if (!leaseOwner || leaseLost.signal.aborted) return;
    void memory.connections.tryLease(connection.id, leaseOwner, leaseMs).then(
      (held) => {
        if (held) return;
        memory.ctx.logger.warn({ connection: connection.id, job: progress.id }, 'memory: another process took over this sync; stopping');
        leaseLost.abort();
      },
      () => undefined,
    );
  }, SYNC_HEARTBEAT_MS);
  heartbeat.unref();
  const signal = options.signal ? AbortSignal.any([options.signal, leaseLost.signal]) : leaseLost.signal;
  const done = (async () => {
    try {
      await reporter.flush();
      await syncConnection(
        memory,
        connection,
        adapter,
        {
          ...options,
          signal,
          jobId: progress.id,
          onPage: ({ phase, files }) => {
            // The total is what the pages listed so far hold: it grows until the last page.
            progress.phase = phase;
            progress.total += files;
            reporter.changed();
          },
          onPageDone: () => reporter.flush(),
        },
        (file, _outcome, o) => {
          progress.done++;
          progress.total = Math.max(progress.total, progress.done);
          progress.currentFile = file.name;
          if (o.outcome === 'indexed') {
            progress.indexed++;
            progress.chunks += o.chunks;
          } else if (o.outcome === 'unchanged') progress.unchanged++;
          else {
            progress.failed++;
            if (progress.failures.length < 100) progress.failures.push({ name: file.name, code: o.code, reason: o.reason });
          }
          const elapsed = (Date.now() - started) / 1000;
          progress.rate = elapsed > 0 ? Math.round((progress.done / elapsed) * 100) / 100 : 0;
          progress.etaSeconds = progress.rate > 0 ? Math.round((progress.total - progress.done) / progress.rate) : undefined;
          reporter.changed();
        },
      );
      progress.status = 'finished';
    } catch (err) {
      Object.assign(progress, { status: 'failed', error: (err as Error).message });
    } finally {
      clearInterval(heartbeat);
      Object.assign(progress, { phase: 'done', finishedAt: nowIso(), currentFile: undefined, etaSeconds: 0 });
      await reporter.flush();
    }
    return progress;
  })();
  return { progress, done };
}
