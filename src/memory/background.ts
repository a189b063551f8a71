import type { AppContext } from '../platform/index.js';
import { createJobQueue } from '../platform/jobs/index.js';
import { optimizeMemory } from './maintenance.js';
import type { Memory } from './memory.js';
import { reembedFromPreviousIndex } from './reembed.js';
import type { AccessTokenProvider } from './sources/index.js';
import { startScheduledSync } from './sources/schedule.js';
import { processSyncJobs } from './sources/sync-runner.js';

/**
 * Memory's work in an `atom serve` process, started by the app wiring (never by the routes): the
 * background work below and, in embedded mode (no Redis), the source syncs ("sync now" and the schedule)
 * that `atom worker` runs in queue mode (memory/worker.ts). Each part registers its own shutdown step.
 */
export function startMemoryInServe(ctx: AppContext, options: { memory: Memory; accessToken?: AccessTokenProvider | undefined }): void {
  const { memory, accessToken } = options;
  // Shutdown runs steps last-registered first: scheduled syncs drain, then background work, then the store.
  ctx.lifecycle.onShutdown('memory-background', startMemoryBackground(memory));
  if (ctx.config.ATOM_REDIS_URL || !accessToken) return;
  // Syncs are not latency-sensitive: an idle consumer looks for due ticks every few seconds only.
  const queue = createJobQueue(ctx, { pollIntervalMs: Math.max(ctx.config.ATOM_JOBS_POLL_INTERVAL_MS, 5000) });
  processSyncJobs({ memory, queue, accessToken });
  const minutes = ctx.config.ATOM_MEMORY_SYNC_INTERVAL_MINUTES;
  if (minutes > 0) startScheduledSync({ memory, queue, intervalMinutes: minutes });
}

/**
 * The memory's background work in `atom serve`: finishing a re-embed after a model change, and the
 * periodic optimize (compaction, index update, pruning). Returns a stop function for shutdown.
 */
export function startMemoryBackground(memory: Memory): () => Promise<void> {
  const { logger, config } = memory.ctx;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  if (memory.previousIndex()) {
    logger.info({ embedder: memory.index.embedder.id }, 'memory: embedding model changed; re-embedding in the background, search uses the previous index meanwhile');
    running = reembedFromPreviousIndex(memory)
      .then((r) => logger.info(r, 'memory: re-embedding finished; the new index now serves searches'))
      .catch((err: unknown) => logger.error({ err }, 'memory: re-embedding failed; it resumes on the next start'));
  }
  const minutes = config.ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES;
  const timer =
    minutes > 0
      ? setInterval(() => {
          if (stopped) return;
          running = running
            .then(() => optimizeMemory(memory))
            .then((r) => logger.debug(r, 'memory: optimized'))
            .catch((err: unknown) => logger.warn({ err }, 'memory: optimize failed'));
        }, minutes * 60_000)
      : undefined;
  timer?.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running.catch(() => undefined);
  };
}
