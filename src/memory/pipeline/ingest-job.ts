import { newId, nowIso } from '../../platform/index.js';
import type { Memory } from '../memory.js';
import type { IngestProgress } from '../progress.js';
import { prepareFile, type IncomingFile, type IngestOutcome } from './ingest-file.js';

export type { IngestProgress } from '../progress.js';

/** A progress record with nothing done yet: a new upload or sync starts from this. */
export function startingProgress(fields: { id: string; workspaceId: string; label: string; total?: number }): IngestProgress {
  return {
    ...fields,
    status: 'running',
    total: fields.total ?? 0,
    done: 0,
    indexed: 0,
    unchanged: 0,
    failed: 0,
    chunks: 0,
    currentFile: undefined,
    rate: 0,
    etaSeconds: undefined,
    startedAt: nowIso(),
    finishedAt: undefined,
    error: undefined,
    failures: [],
  };
}

/**
 * Failure codes of files the pipeline could not store (the file itself may be fine: it can be retried).
 * `memory.store.write_failed`: storing its passages or its document row failed (LanceDB write, database).
 * `memory.ingest.unexpected`: another infrastructure fault before the write (database read, embedder).
 */
export const STORE_WRITE_FAILED = 'memory.store.write_failed';
export const INGEST_UNEXPECTED = 'memory.ingest.unexpected';

/** Distinct infrastructure errors in a row, with no file stored in between, after which a job stops. */
export const STORAGE_FAILURES_IN_A_ROW = 3;

export interface IngestJob {
  progress: IngestProgress;
  done: Promise<IngestProgress>;
}

/** Running and recent jobs of this process, for the progress API. */
export function createJobBoard(keep = 200) {
  const jobs = new Map<string, IngestJob>();
  return {
    add(job: IngestJob) {
      jobs.set(job.progress.id, job);
      if (jobs.size > keep) {
        const oldest = [...jobs.values()].find((j) => j.progress.status !== 'running');
        if (oldest) jobs.delete(oldest.progress.id);
      }
    },
    get: (workspaceId: string, id: string) => {
      const j = jobs.get(id);
      return j && j.progress.workspaceId === workspaceId ? j : undefined;
    },
    list: (workspaceId: string) => [...jobs.values()].filter((j) => j.progress.workspaceId === workspaceId).map((j) => j.progress),
  };
}
export type JobBoard = ReturnType<typeof createJobBoard>;

/**
 * Runs files through the pipeline with at most `concurrency` in flight. Files are pulled from the source
 * only when a slot frees up (back-pressure: a fast lister never buffers a whole drive in memory).
 */
export function startIngestJob(
  memory: Memory,
  input: {
    workspaceId: string;
    label: string;
    files: AsyncIterable<IncomingFile> | Iterable<IncomingFile>;
    total?: number;
    concurrency?: number;
    /** Passages prepared but not yet stored before the workers wait for the store (default 4,000). */
    maxPendingRows?: number;
    onOutcome?: (file: IncomingFile, outcome: IngestOutcome) => void | Promise<void>;
    /**
     * Fold what the job stored into the store's indexes before it reports "finished" (default true), so a
     * search the moment it says so ranks as a settled one. A sync's page jobs leave it to the sync's end.
     */
    settle?: boolean;
  },
): IngestJob {
  const started = Date.now();
  const progress = startingProgress({ id: newId('mjob'), workspaceId: input.workspaceId, label: input.label, total: input.total ?? 0 });
  const concurrency = input.concurrency ?? memory.ctx.config.ATOM_MEMORY_INGEST_CONCURRENCY;
  const iterator = (Symbol.asyncIterator in input.files ? input.files[Symbol.asyncIterator]() : input.files[Symbol.iterator]()) as AsyncIterator<IncomingFile> | Iterator<IncomingFile>;
  let pulling: Promise<unknown> = Promise.resolve();
  // One pull at a time: iterators of paged listings are not re-entrant.
  const next = (): Promise<IteratorResult<IncomingFile>> => {
    const p = pulling.then(() => iterator.next());
    pulling = p.catch(() => undefined);
    return p;
  };

  // Commits run behind the workers: a worker hands its file's passages to the store and goes on with the
  // next file, so extraction and embedding (JS thread) overlap the LanceDB writes (native threads), and the
  // write batcher gets many documents per write. Bounded by passages waiting. A file that comes again while
  // its earlier pass is still being prepared or committed waits for it: the second pass must see the first
  // as existing, or the document would be stored twice.
  const maxPendingRows = input.maxPendingRows ?? 4000;
  const committing = new Set<Promise<void>>();
  const busy = new Map<string, Promise<void>>();
  let pendingRows = 0;
  // A failure of our own code (onOutcome, bookkeeping) still fails the job; storage faults do not (below).
  let fatalError: unknown;
  // Storage faults: each costs only its file (counted as failed, with a code), the other files go on. The
  // job stops when storage looks broken for everything: STORAGE_FAILURES_IN_A_ROW distinct errors with no
  // file stored in between (distinct: one failed batch write rejects all its documents with one error).
  const faultsInARow = new Set<unknown>();
  let faults = 0;
  let stored = 0;
  let stopError: Error | undefined;
  const storageFailure = async (file: IncomingFile, documentId: string, code: string, err: unknown): Promise<IngestOutcome> => {
    const message = err instanceof Error ? err.message : String(err);
    const reason = `${code === STORE_WRITE_FAILED ? 'Storing the file failed' : 'The file could not be processed'}: ${message}`.slice(0, 300);
    faults++;
    faultsInARow.add(err);
    if (faultsInARow.size >= STORAGE_FAILURES_IN_A_ROW && !stopError) {
      stopError = new Error(`Stopped after ${faultsInARow.size} storage failures in a row (${code}): ${message}`);
    }
    memory.ctx.logger.error({ err, job: progress.id, file: file.name, code }, 'memory ingest: file failed on a storage error');
    memory.metrics.failures.inc({ code });
    // Best effort: the failure list is in the database, which may be what is failing.
    await memory.failures
      .record({ workspaceId: file.connection.workspace_id, connectionId: file.connection.id, externalId: file.externalId, name: file.name, mime: file.mime ?? null, code, reason })
      .catch((recordErr: unknown) => memory.ctx.logger.warn({ err: recordErr, job: progress.id }, 'memory ingest: could not record the failure'));
    return { outcome: 'failed', documentId, code, reason };
  };
  const record = async (file: IncomingFile, outcome: IngestOutcome) => {
    progress.done++;
    if (outcome.outcome !== 'failed') {
      stored++;
      faultsInARow.clear();
    }
    if (outcome.outcome === 'indexed') {
      progress.indexed++;
      progress.chunks += outcome.chunks;
    } else if (outcome.outcome === 'unchanged') progress.unchanged++;
    else {
      progress.failed++;
      if (progress.failures.length < 100) progress.failures.push({ name: file.name, code: outcome.code, reason: outcome.reason });
    }
    const elapsed = (Date.now() - started) / 1000;
    progress.rate = elapsed > 0 ? Math.round((progress.done / elapsed) * 100) / 100 : 0;
    progress.etaSeconds = progress.rate > 0 && progress.total >= progress.done ? Math.round((progress.total - progress.done) / progress.rate) : undefined;
    await input.onOutcome?.(file, outcome);
  };

  const worker = async () => {
    for (;;) {
      if (fatalError) throw fatalError;
      if (stopError) return;
      const item = await next();
      if (item.done) return;
      const file = item.value;
      if (input.total === undefined) progress.total = Math.max(progress.total, progress.done + 1);
      progress.currentFile = file.name;
      const key = `${file.connection.id}\u0000${file.externalId}`;
      while (busy.has(key)) await busy.get(key);
      let release!: () => void;
      busy.set(key, new Promise<void>((resolve) => (release = resolve)));
      const free = () => {
        busy.delete(key);
        release();
      };
      let prepared: Awaited<ReturnType<typeof prepareFile>>;
      try {
        prepared = await prepareFile(memory, file);
      } catch (err) {
        // A bad file never throws (it comes back as a failed outcome); this is the infrastructure.
        try {
          await record(file, await storageFailure(file, '', INGEST_UNEXPECTED, err));
        } finally {
          free();
        }
        continue;
      }
      if ('outcome' in prepared) {
        free();
        await record(file, prepared.outcome);
        continue;
      }
      const rows = prepared.rows;
      pendingRows += rows;
      const { documentId } = prepared;
      const commit: Promise<void> = prepared
        .commit()
        .catch((err: unknown) => storageFailure(file, documentId, STORE_WRITE_FAILED, err))
        .then((outcome) => record(file, outcome))
        .catch((err: unknown) => {
          fatalError ??= err;
        })
        .finally(() => {
          pendingRows -= rows;
          committing.delete(commit);
          free();
        });
      committing.add(commit);
      while (pendingRows > maxPendingRows && committing.size > 0) await Promise.race(committing);
    }
  };

  const done = (async () => {
    try {
      // Every worker's commits are awaited even when one worker failed, so none settles after the job did.
      const workers = await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, worker));
      await memory.index.writer.flush();
      while (committing.size > 0) await Promise.all(committing);
      const failedWorker = workers.find((w) => w.status === 'rejected');
      if (failedWorker) throw failedWorker.reason;
      if (fatalError) throw fatalError;
      if (stopError) throw stopError;
      // Nothing could be stored at all: the job failed (not "finished with N failed files").
      if (faults > 0 && stored === 0) throw new Error(`Storage failed for every file: ${progress.failures.at(-1)?.reason ?? 'unknown error'}`);
      if (progress.indexed > 0 && input.settle !== false) await settleIndexes(memory);
      progress.status = 'finished';
    } catch (err) {
      progress.status = 'failed';
      progress.error = (err as Error).message;
      memory.ctx.logger.error({ err, job: progress.id }, 'memory ingest job failed');
    } finally {
      progress.currentFile = undefined;
      progress.etaSeconds = 0;
      progress.finishedAt = nowIso();
    }
    return progress;
  })();
  return { progress, done };
}

/**
 * Brings the written table's indexes up to date (see ChunkTable.settle). A failure here costs freshness,
 * not the stored files: it is logged and the settle timer or the periodic optimize tries again.
 */
export async function settleIndexes(memory: Memory): Promise<void> {
  try {
    await memory.index.table.settle();
  } catch (err) {
    memory.ctx.logger.warn({ err: { message: (err as Error).message } }, 'memory: could not bring the indexes up to date; searches scan the new passages until they are');
  }
}
