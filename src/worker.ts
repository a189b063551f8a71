import { AppError, createContext, migrateToLatest, type AppContext, type AtomConfig } from './platform/index.js';
import { serveWorkerMetrics } from './platform/http/index.js';
import { onConnectionHealthChanged } from './integrations/index.js';
import { createMemory } from './memory/index.js';
import { domainModules, installModules, type ProcessDeps } from './modules.js';
import { startNotificationWorkers } from './notifications/index.js';
import { feedDomainEvents } from './realtime/index.js';
import { workflowRuntime } from './workflows/index.js';

/**
 * Background job processors: each domain module's workers (workflow runs, schedules and reaping; memory
 * source syncs), then the ones that connect domains. Each starts consuming its queues and registers its own
 * drain step on ctx.lifecycle.
 */
const processors: { name: string; start: (ctx: AppContext, shared: ProcessDeps) => Promise<void> | void }[] = [
  ...domainModules.flatMap((m) => (m.startWorkers ? [{ name: m.name, start: m.startWorkers.bind(m) }] : [])),
  // Audit entries and connection health changes noticed here reach live streams through Redis.
  { name: 'realtime', start: (ctx) => feedDomainEvents(ctx, { onConnectionHealthChanged }) },
  // Notification sweeps and digests (a lease per user's digest: sent once across API replicas and workers).
  { name: 'notifications', start: (ctx) => void startNotificationWorkers(ctx, workflowRuntime(ctx).queue) },
];

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
  installModules(ctx, { memory });
  for (const p of processors) await p.start(ctx, { memory });
  // GET /metrics of this process when ATOM_WORKER_METRICS_PORT is set (a worker has no API server).
  await serveWorkerMetrics(ctx);
  ctx.logger.info({ processors: processors.map((p) => p.name) }, 'worker ready');
  return { ctx, stop: () => ctx.lifecycle.shutdown(ctx.logger) };
}
