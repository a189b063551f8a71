import type { Job } from '../../platform/jobs/index.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import { codeSteps } from '../code/index.js';
import type { JournalEntry } from '../repositories/journal-repository.js';
import type { RunRow } from '../repositories/run-repository.js';
import { claimRun, startHeartbeat, withinConcurrency } from './claim.js';
import { settleRun } from './completion.js';
import { executeRun, type ExecutorDeps } from './executor.js';
import { Interrupted } from './outcomes.js';
import type { EngineResources, RunJobData } from './resources.js';
import { startChildRun } from './start-run.js';
import { wakeRunAt } from './waits.js';

/** What the executor gets from the engine around it: the journal, timers, child runs, live step events. */
export function executorDeps(res: EngineResources): ExecutorDeps {
  const { ctx, options } = res;
  return {
    actions: res.actions,
    journal: res.journal,
    clock: res.clock,
    logger: res.logger,
    limits: { timeoutMs: ctx.config.ATOM_WORKFLOW_EXPRESSION_TIMEOUT_MS, maxResultBytes: 10 * 1024 * 1024 },
    maxLoopItems: ctx.config.ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS,
    secret: options.secret ?? (async () => undefined),
    wakeAt: (runId, timerId, at) => wakeRunAt(res, runId, timerId, at),
    startChild: (parent, stepKey, childRunId, workflowId, input) => startChildRun(res, parent, stepKey, childRunId, workflowId, input),
    waitUrl: (token) => `/api/hooks/wait/${token}`,
    owner: res.owner,
    onStepRecorded: (run, step) => {
      if (step.status === 'succeeded' || step.status === 'failed') res.live.stepFinished(run, step);
    },
    fetch: createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW }),
    runCode: codeSteps(ctx).run,
    ...(options.actorOf ? { actorFor: async (run: RunRow) => options.actorOf?.(run.workspace_id, await res.authorOf(run)) } : {}),
  };
}

/** The run job: claim → load journal → execute → finish, suspend or hand back. */
export async function processRun(res: EngineResources, deps: ExecutorDeps, job: Job<RunJobData>): Promise<void> {
  const claimed = await claimRun(res, job.data.runId);
  if (!claimed) return;
  const { firstClaim, ...run } = claimed;
  const def = await res.definitionOf(run);
  if (def.settings.concurrency && !(await withinConcurrency(res, run, def.settings.concurrency))) return;

  const { clock, local } = res;
  const controller = new AbortController();
  local.set(run.id, controller);
  const deadline = Date.parse(run.started_at ?? run.created_at) + (def.settings.timeoutMs ?? res.ctx.config.ATOM_WORKFLOW_RUN_TIMEOUT_MS);
  const beat = startHeartbeat(res, run, deadline, controller);
  const t0 = performance.now();
  try {
    if (clock.now() > deadline) controller.abort(new Interrupted('timeout'));
    // A run claimed for the first time has nothing journaled: one query fewer per run.
    const entries = firstClaim ? new Map<string, JournalEntry>() : await res.journal.load(run.id);
    const outcome = await executeRun(run, def, entries, controller.signal, deps);
    await settleRun(res, run, outcome);
  } finally {
    clearInterval(beat);
    local.delete(run.id);
    res.metrics.execSeconds.observe((performance.now() - t0) / 1000);
    res.events.emit(`run:${run.id}`);
  }
}
