import { AppError, createContext, migrateToLatest, type AppContext, type AtomConfig } from './platform/index.js';
import { serveWorkerMetrics } from './platform/http/index.js';
import { registerProcessActions } from './actions.js';
import { createMemory, startMemoryWorker, type Memory } from './memory/index.js';
import { startNotificationWorkers } from './notifications/index.js';
import { onConnectionHealthChanged } from './integrations/index.js';
import { feedDomainEvents } from './realtime/index.js';
import { workflowRuntime } from './workflows/runtime.js';

/**
 * Background job processors, one entry per domain that has queued work. Each starts consuming its
 * queues and registers its own drain step on ctx.lifecycle.
 */
const processors: { name: string; start: (ctx: AppContext, shared: { memory: Memory }) => Promise<void> | void }[] = [
  // The same actions as `atom serve` (integrations, ai.generate, memory.search): steps and digests call them.
  { name: 'actions', start: (ctx, shared) => void registerProcessActions(ctx, shared) },
  { name: 'workflows', start: (ctx) => workflowRuntime(ctx).startWorkers() },
  // Memory source syncs ("sync now" from any API process, and the scheduled ones).
  { name: 'memory', start: (ctx, shared) => startMemoryWorker(ctx, { memory: shared.memory }) },
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
  for (const p of processors) await p.start(ctx, { memory });
  // GET /metrics of this process when ATOM_WORKER_METRICS_PORT is set (a worker has no API server).
  await serveWorkerMetrics(ctx);
  ctx.logger.info({ processors: processors.map((p) => p.name) }, 'worker ready');
  return { ctx, stop: () => ctx.lifecycle.shutdown(ctx.logger) };
}
