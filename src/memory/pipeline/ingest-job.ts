import { newId, nowIso } from '../../platform/index.js';
import type { Memory } from '../memory.js';
import { ingestFile, type IncomingFile, type IngestOutcome } from './ingest-file.js';

export interface IngestProgress {
  id: string;
  workspaceId: string;
  label: string;
  status: 'running' | 'finished' | 'failed';
  /** Known total (may grow while a source is still listing). */
  total: number;
  done: number;
  indexed: number;
  unchanged: number;
  failed: number;
  chunks: number;
  currentFile: string | undefined;
  /** Files per second since the start. */
  rate: number;
  etaSeconds: number | undefined;
  startedAt: string;
  finishedAt: string | undefined;
  error: string | undefined;
  failures: { name: string; code: string; reason: string }[];
}

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
  input: { workspaceId: string; label: string; files: AsyncIterable<IncomingFile> | Iterable<IncomingFile>; total?: number; concurrency?: number; onOutcome?: (file: IncomingFile, outcome: IngestOutcome) => void | Promise<void> },
): IngestJob {
  const started = Date.now();
  const progress: IngestProgress = {
    id: newId('mjob'),
    workspaceId: input.workspaceId,
    label: input.label,
    status: 'running',
    total: input.total ?? 0,
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
  const concurrency = input.concurrency ?? memory.ctx.config.ATOM_MEMORY_INGEST_CONCURRENCY;
  const iterator = (Symbol.asyncIterator in input.files ? input.files[Symbol.asyncIterator]() : input.files[Symbol.iterator]()) as AsyncIterator<IncomingFile> | Iterator<IncomingFile>;
  let pulling: Promise<unknown> = Promise.resolve();
  // One pull at a time: iterators of paged listings are not re-entrant.
  const next = (): Promise<IteratorResult<IncomingFile>> => {
    const p = pulling.then(() => iterator.next());
    pulling = p.catch(() => undefined);
    return p;
  };

  const worker = async () => {
    for (;;) {
      const item = await next();
      if (item.done) return;
      const file = item.value;
      if (input.total === undefined) progress.total = Math.max(progress.total, progress.done + 1);
      progress.currentFile = file.name;
      const outcome = await ingestFile(memory, file);
      progress.done++;
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
    }
  };

  const done = (async () => {
    try {
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      await memory.index.writer.flush();
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
