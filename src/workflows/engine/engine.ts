import type { Kysely } from 'kysely';
import type { AppContext, Database } from '../../platform/index.js';
import type { Job } from '../../platform/jobs/index.js';
import type { RunRow } from '../repositories/run-repository.js';
import { cancelRun } from './cancel.js';
import { waitForRun } from './completion.js';
import { reap, startReaper } from './reaper.js';
import { createEngineResources, RUN_QUEUE, type EngineOptions, type RunJobData } from './resources.js';
import { executorDeps, processRun } from './run-job.js';
import { retryFromFailed, startRun, startRunIf, type StartRunInput } from './start-run.js';
import { decideApproval, signalWaiting, type ApprovalDecision } from './waits.js';

export { RUN_QUEUE, type EngineOptions } from './resources.js';
export type { StartRunInput } from './start-run.js';
export type { ApprovalDecision } from './waits.js';

/**
 * The workflow engine of one process: starts runs, executes them as jobs of the run queue (claim →
 * load journal → execute → record → finish or suspend), hands expired leases on, and resumes runs
 * from stored timers and signals. The same code runs embedded and on BullMQ.
 *
 * Each concern is a small system over one shared resources object, in the order a run meets them:
 * start-run → claim (lease, heartbeat) → run-job → executor (control steps, leaf steps, action call) →
 * completion (finish, parent resume, error workflow) → waits (timers, signals, approvals) → cancel → reaper.
 */
export function createWorkflowEngine(ctx: AppContext, options: EngineOptions) {
  const res = createEngineResources(ctx, options);
  const deps = executorDeps(res);
  const timers: NodeJS.Timeout[] = [];
  const runJob = (job: Job<RunJobData>) => processRun(res, deps, job);

  return {
    owner: res.owner,
    runs: res.runs,
    journal: res.journal,
    workflows: res.workflows,
    events: res.events,
    startRun: (input: StartRunInput): Promise<RunRow> => startRun(res, input),
    /** Creates the run only when `guard` (run in the same transaction) says so: schedule ticks use it. */
    startRunIf: (input: StartRunInput & { runId: string }, guard: (trx: Kysely<Database>) => Promise<boolean>): Promise<boolean> => startRunIf(res, input, guard),
    /** The run job: claim → load journal → execute → finish, suspend or hand back. */
    processRun: runJob,
    reap: (): Promise<number> => reap(res),
    definitionOf: res.definitionOf,

    /** Starts consuming the run queue and the reaper in this process. */
    start() {
      res.queue.process<RunJobData>(RUN_QUEUE, runJob, { concurrency: options.concurrency ?? workflowConcurrency(ctx) });
      timers.push(startReaper(res));
    },

    stop() {
      for (const t of timers.splice(0)) clearInterval(t);
    },

    /** Cancels a run: stored at once; the worker running it stops at its next step or heartbeat. */
    cancel: (runId: string): Promise<boolean> => cancelRun(res, runId),
    /** Re-runs a finished run from its failed step (finished steps are kept), optionally on another version. */
    retryFromFailed: (run: RunRow, version?: number): Promise<void> => retryFromFailed(res, run, version),
    /** Resumes a step waiting for a webhook or an approval. */
    signal: (token: string, output: unknown): Promise<{ runId: string } | undefined> => signalWaiting(res, token, output),
    /**
     * Records a signed-in member's answer to a waiting approval step (the caller has checked that they may
     * decide) and resumes the run. Undefined when the step is not waiting (any more).
     */
    decide: (run: RunRow, stepKey: string, output: ApprovalDecision): Promise<{ runId: string } | undefined> => decideApproval(res, run, stepKey, output),
    /** Resolves when the run reaches a final status (or after `timeoutMs`). */
    waitForRun: (runId: string, timeoutMs: number): Promise<RunRow | undefined> => waitForRun(res, runId, timeoutMs),
  };
}

export type WorkflowEngine = ReturnType<typeof createWorkflowEngine>;

/**
 * Runs one process executes at once (ATOM_WORKFLOW_CONCURRENCY, or by mode). A run mostly waits on round
 * trips (its database writes, the services it calls), so more at once overlap those waits. In embedded mode
 * runs share the event loop with the API, and past 8 webhook answers slowed (p99 64–69 → 168–206 ms at 32,
 * same throughput); an `atom worker` serves nothing else, and 32 gave 354–410 runs/s against 183–297 at 8
 * (docs/benchmarks.md, issue 21, sixth session).
 */
export function workflowConcurrency(ctx: Pick<AppContext, 'config' | 'redis'>): number {
  return ctx.config.ATOM_WORKFLOW_CONCURRENCY ?? (ctx.redis ? 32 : 8);
}
