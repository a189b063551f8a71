import { memberActor } from '../auth/index.js';
import { nowIso, perContext, type AppContext } from '../platform/index.js';
import { createJobQueue, type Clock, type JobQueue } from '../platform/jobs/index.js';
import { createVault } from '../vault/index.js';
import { actionRegistry } from './actions/default-registry.js';
import type { ActionRegistry } from './actions/index.js';
import { createWorkflowEngine, type WorkflowEngine } from './engine/engine.js';
import { createEventDispatch } from './engine/events.js';
import { createScheduler } from './engine/scheduler.js';
import { createSecretStore, type SecretStore } from './secrets/secret-repository.js';

export interface WorkflowRuntime {
  ctx: AppContext;
  queue: JobQueue;
  engine: WorkflowEngine;
  actions: ActionRegistry;
  scheduler: ReturnType<typeof createScheduler>;
  /** Named secrets of each workspace (sealed); steps read them only inside their action. */
  secrets: SecretStore;
  /** Memory and integration events in, runs out. */
  events: ReturnType<typeof createEventDispatch>;
  /** Starts executing runs, firing schedules, reaping and pruning in this process. */
  startWorkers(): void;
  /** Deletes finished runs past retention, in small batches with pauses (never one long lock). */
  prune(): Promise<number>;
}

export interface RuntimeOptions {
  clock?: Clock;
  actions?: ActionRegistry;
  owner?: string;
  schedulerIntervalMs?: number;
}

// The context's runtime, made by its first workflowRuntime call (whose options it keeps).
const runtimes = perContext((): { runtime?: WorkflowRuntime } => ({}));

/**
 * The workflow engine of this process (one per context): the API uses it to start and cancel runs; the
 * processes that execute runs (`atom serve` in embedded mode, `atom worker` in queue mode) also call
 * `startWorkers()`.
 */
export function workflowRuntime(ctx: AppContext, options: RuntimeOptions = {}): WorkflowRuntime {
  const slot = runtimes(ctx);
  return (slot.runtime ??= createWorkflowRuntime(ctx, options));
}

function createWorkflowRuntime(ctx: AppContext, options: RuntimeOptions): WorkflowRuntime {
  const queue = createJobQueue(ctx, options.clock ? { clock: options.clock } : {});
  const actions = options.actions ?? actionRegistry(ctx);
  const secrets = createSecretStore(ctx.db, createVault(ctx));
  const engine = createWorkflowEngine(ctx, { queue, actions, secret: (workspaceId, name) => secrets.resolve(workspaceId, name), actorOf: (workspaceId, userId) => memberActor(ctx, workspaceId, userId, 'run'), ...(options.clock ? { clock: options.clock } : {}), ...(options.owner ? { owner: options.owner } : {}) });
  const clock = options.clock ?? { now: () => Date.now() };
  const scheduler = createScheduler({ db: ctx.db, workflows: engine.workflows, clock, logger: ctx.logger, createRun: engine.startRunIf });
  const timers: NodeJS.Timeout[] = [];
  let started = false;

  const prune = async (): Promise<number> => {
    const days = ctx.config.ATOM_WORKFLOW_RUN_RETENTION_DAYS;
    if (days === 0) return 0;
    const before = new Date(clock.now() - days * 86_400_000).toISOString();
    let total = 0;
    for (;;) {
      const n = await engine.runs.pruneBatch(before, 200);
      total += n;
      if (n < 200 || ctx.lifecycle.shuttingDown) return total;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const runtime: WorkflowRuntime = {
    ctx,
    queue,
    engine,
    actions,
    scheduler,
    secrets,
    events: createEventDispatch(engine),
    prune,
    startWorkers() {
      if (started) return;
      started = true;
      engine.start();
      const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
        const t = setInterval(() => void fn().catch((err: unknown) => ctx.logger.warn({ err, task: name }, 'workflow background task failed')), ms);
        t.unref();
        timers.push(t);
      };
      every(options.schedulerIntervalMs ?? 1000, 'scheduler', () => scheduler.tick());
      every(3_600_000, 'prune', prune);
      ctx.logger.info({ queue: queue.backend, owner: engine.owner, at: nowIso() }, 'workflow workers started');
    },
  };
  ctx.lifecycle.onShutdown('workflows', () => {
    for (const t of timers.splice(0)) clearInterval(t);
    engine.stop();
  });
  return runtime;
}
