import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/index.js';
import { newId, type AppContext, type Database, type Logger } from '../../platform/index.js';
import { systemClock, type Clock, type JobQueue } from '../../platform/jobs/index.js';
import type { ActionRegistry } from '../actions/index.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../definition/schema.js';
import { createRunJournal, type RunJournal } from '../repositories/journal-repository.js';
import { createRunStore, type RunRow, type RunStore } from '../repositories/run-repository.js';
import { createWorkflowStore, type WorkflowStore } from '../repositories/workflow-repository.js';
import { runLiveEvents } from './live-events.js';
import { engineMetrics, type EngineMetrics } from './metrics.js';

export const RUN_QUEUE = 'workflows.run';

export interface RunJobData {
  runId: string;
}

export interface EngineOptions {
  queue: JobQueue;
  actions: ActionRegistry;
  clock?: Clock;
  /** Name of this worker in leases (defaults to a fresh id per process). */
  owner?: string;
  leaseMs?: number;
  concurrency?: number;
  secret?: (workspaceId: string, name: string) => Promise<string | undefined>;
  /** A member as the access policy sees them now (the auth domain plugs in here): runs act for their version's author. */
  actorOf?: (workspaceId: string, userId: string) => Promise<Actor>;
  /** Called for audit-worthy run events (the audit domain plugs in here). */
  onRunEvent?: (event: { type: 'run.started' | 'run.finished'; run: RunRow }) => void;
}

/**
 * Everything the engine's systems share (claim, run job, completion, waits, cancel, reaper): built once
 * per engine and passed to each, so none of them holds state of its own.
 */
export interface EngineResources {
  ctx: AppContext;
  db: Kysely<Database>;
  queue: JobQueue;
  actions: ActionRegistry;
  clock: Clock;
  logger: Logger;
  options: EngineOptions;
  /** This worker's name in leases. */
  owner: string;
  leaseMs: number;
  runs: RunStore;
  journal: RunJournal;
  workflows: WorkflowStore;
  metrics: EngineMetrics;
  /** `run:<id>` is emitted here whenever a run stops executing in this process or is cancelled. */
  events: EventEmitter;
  live: ReturnType<typeof runLiveEvents>;
  /** Runs executing in this process, by id: aborting one interrupts it (cancel, timeout, lost lease). */
  local: Map<string, AbortController>;
  definitionOf: (run: Pick<RunRow, 'workspace_id' | 'workflow_id' | 'version'>) => Promise<WorkflowDefinition>;
  authorOf: (run: Pick<RunRow, 'workspace_id' | 'workflow_id' | 'version'>) => Promise<string>;
  /** Puts a run job on the queue; the job id makes each reason to look at the run idempotent. */
  enqueueRun: (runId: string, jobId: string, runAt?: number) => Promise<string>;
}

export function createEngineResources(ctx: AppContext, options: EngineOptions): EngineResources {
  const { queue } = options;
  const workflows = createWorkflowStore(ctx.db);
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    ctx,
    db: ctx.db,
    queue,
    actions: options.actions,
    clock: options.clock ?? systemClock,
    logger: ctx.logger,
    options,
    owner: options.owner ?? newId('worker_'),
    leaseMs: options.leaseMs ?? ctx.config.ATOM_WORKFLOW_LEASE_MS,
    runs: createRunStore(ctx.db),
    journal: createRunJournal(ctx.db, ctx.config.ATOM_WORKFLOW_INLINE_OUTPUT_BYTES),
    workflows,
    metrics: engineMetrics(ctx),
    events,
    live: runLiveEvents(ctx),
    local: new Map(),
    ...versionCache(workflows),
    enqueueRun: (runId, jobId, runAt) => queue.enqueue<RunJobData>(RUN_QUEUE, { runId }, { id: jobId, maxAttempts: 10, ...(runAt !== undefined ? { runAt } : {}) }),
  };
}

/** Versions never change, so a version's definition and author are cached by workflow and version. */
function versionCache(workflows: WorkflowStore): Pick<EngineResources, 'definitionOf' | 'authorOf'> {
  const definitions = new Map<string, WorkflowDefinition>();
  const authors = new Map<string, string>();
  return {
    definitionOf: async (run) => {
      const k = `${run.workflow_id}@${run.version}`;
      let d = definitions.get(k);
      if (!d) {
        const v = await workflows.getVersion(run.workspace_id, run.workflow_id, run.version);
        d = workflowDefinitionSchema.parse(v.definition);
        if (definitions.size > 2000) definitions.clear();
        definitions.set(k, d);
      }
      return d;
    },
    authorOf: async (run) => {
      const k = `${run.workflow_id}@${run.version}`;
      let a = authors.get(k);
      if (a === undefined) {
        a = (await workflows.getVersion(run.workspace_id, run.workflow_id, run.version)).author;
        if (authors.size > 2000) authors.clear();
        authors.set(k, a);
      }
      return a;
    },
  };
}
