import { AppError, createContext, migrateToLatest, type AppContext, type AtomConfig } from './platform/index.js';
import { serveWorkerMetrics } from './platform/http/index.js';
import { createMemory } from './memory/index.js';
import { installModules, processDeps, startModuleWorkers } from './modules.js';

export interface RunningWorker {
  ctx: AppContext;
  stop(): Promise<void>;
}

/** `atom worker`: consumes the Redis (BullMQ) queues. In embedded mode `atom serve` runs jobs itself. */
export async function startWorker(config: AtomConfig): Promise<RunningWorker> {
  if (!config.ATOM_REDIS_URL) {
    throw new AppError(
      'platform.worker.needs_redis',
      'atom worker consumes the Redis queue, so it needs ATOM_REDIS_URL. Without it, `atom serve` runs jobs in-process.',
    );
  }
  const ctx = createContext(config);
  if (config.ATOM_MIGRATE_ON_START) await migrateToLatest(ctx.database);
  // One LanceDB connection per process, for syncs and memory.search steps alike. Registered before the
  // processors, so on shutdown it closes after the workflow queue has drained.
  const memory = await createMemory(ctx);
  ctx.lifecycle.onShutdown('memory', () => memory.close());
  // The same registrations as `atom serve` (actions, retention classes): steps and digests call them.
  const deps = processDeps(ctx, memory);
  installModules(ctx, deps);
  // Background job processors: the workers of the modules of src/modules.ts, in that order (workflow runs,
  // schedules and reaping; memory source syncs; the live-event feed; notification sweeps and digests), as
  // `atom serve` starts them in embedded mode. Each starts consuming its queues and registers its own drain
  // step on ctx.lifecycle. The worker registers no routes.
  const processors = await startModuleWorkers(ctx, deps, { executesJobs: true });
  // GET /metrics of this process when ATOM_WORKER_METRICS_PORT is set (a worker has no API server).
  await serveWorkerMetrics(ctx);
  ctx.logger.info({ processors }, 'worker ready');
  return { ctx, stop: () => ctx.lifecycle.shutdown(ctx.logger) };
}
