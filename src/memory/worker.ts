import type { AppContext } from '../platform/index.js';
import { createJobQueue } from '../platform/jobs/index.js';
import { createMemory, type Memory } from './memory.js';
import type { AccessTokenProvider } from './sources/index.js';
import { integrationSourceAccess } from './sources/integration-access.js';
import { startScheduledSync } from './sources/schedule.js';
import { processSyncJobs } from './sources/sync-runner.js';

/**
 * Memory's workers, started through the module list: in `atom worker` (queue mode) every memory sync, "sync
 * now" from any API process and the scheduled ones, off the Redis queue; in `atom serve` in embedded mode
 * the same off the database queue. `atom worker` writes to the same LanceDB store as the API processes, so
 * it needs the same `ATOM_DATA_DIR` (shared volume) or `ATOM_MEMORY_LANCEDB_URI`. On shutdown running
 * syncs stop at once; each continues from its last saved page on its next run.
 */
export async function startMemoryWorker(ctx: AppContext, options: { accessToken?: AccessTokenProvider; memory?: Memory } = {}): Promise<void> {
  // The process's memory when given (its owner closes it), else one of its own.
  const memory = options.memory ?? (await createMemory(ctx));
  if (!options.memory) ctx.lifecycle.onShutdown('memory', () => memory.close());
  const stop = new AbortController();
  // Syncs are not latency-sensitive: an idle embedded consumer looks for due ticks every few seconds only
  // (the Redis queue does not poll).
  const queue = createJobQueue(ctx, { pollIntervalMs: Math.max(ctx.config.ATOM_JOBS_POLL_INTERVAL_MS, 5000) });
  // Registered after the queue, so it runs first: syncs abort, then the queue drains quickly.
  ctx.lifecycle.onShutdown('memory-sync-stop', () => stop.abort());
  const accessToken = options.accessToken ?? integrationSourceAccess(ctx).accessToken;
  processSyncJobs({ memory, queue, accessToken, signal: stop.signal });
  const minutes = ctx.config.ATOM_MEMORY_SYNC_INTERVAL_MINUTES;
  if (minutes > 0) await startScheduledSync({ memory, queue, intervalMinutes: minutes }).ready;
}
