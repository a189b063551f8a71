import type { AppContext } from '../platform/index.js';
import { optimizeMemory } from './maintenance.js';
import type { Memory } from './memory.js';
import { reembedFromPreviousIndex } from './reembed.js';

/**
 * Memory's own work in an `atom serve` process (queue mode too), started by memory's module when the app
 * is built with `memory.background` (src/server.ts sets it): the background work below. The source syncs
 * are the module's workers (memory/worker.ts), which `atom serve` starts in embedded mode and `atom worker`
 * in queue mode, so they are started once per process, through the module list.
 */
export function startMemoryInServe(ctx: AppContext, options: { memory: Memory }): void {
  // Shutdown runs steps last-registered first: the workers (syncs) drain, then this, then the store.
  ctx.lifecycle.onShutdown('memory-background', startMemoryBackground(options.memory));
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
