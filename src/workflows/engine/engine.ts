import { EventEmitter } from 'node:events';
import { Counter, Histogram } from 'prom-client';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/index.js';
import { AppError, newId, type AppContext, type Database } from '../../platform/index.js';
import { systemClock, type Clock, type Job, type JobQueue } from '../../platform/jobs/index.js';
import type { ActionRegistry } from '../actions/index.js';
import type { ExpressionLimits } from '../definition/expressions.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from '../definition/schema.js';
import { createRunJournal, type RunJournal } from '../store/journal.js';
import { createRunStore, finishedStatuses, type RunRow, type RunStore } from '../store/run-store.js';
import { createWorkflowStore, type WorkflowStore } from '../store/workflow-store.js';
import { createGuardedFetch } from '../../integrations/http/ssrf.js';
import { executeRun, hashToken, type ExecutorDeps } from './executor.js';
import { runLiveEvents } from './live-events.js';
import { Interrupted } from './outcomes.js';

export const RUN_QUEUE = 'workflows.run';

interface RunJobData {
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

/** What a decided approval step outputs: the answer, and who gave it when. */
export interface ApprovalDecision {
  approved: boolean;
  decision: 'approved' | 'rejected';
  decidedBy: { userId: string; name: string; email: string };
  decidedAt: string;
  comment?: string | undefined;
}

export interface StartRunInput {
  workspaceId: string;
  workflowId: string;
  version: number;
  triggerType: string;
  triggerData: unknown;
  mode?: 'live' | 'dry';
  parentRunId?: string;
  parentStepKey?: string;
  runId?: string;
}

/**
 * The workflow engine of one process: starts runs, executes them as jobs of the run queue (claim →
 * load journal → execute → record → finish or suspend), hands expired leases on, and resumes runs
 * from stored timers and signals. The same code runs embedded and on BullMQ.
 */
export function createWorkflowEngine(ctx: AppContext, options: EngineOptions) {
  const { queue, actions } = options;
  const clock = options.clock ?? systemClock;
  const owner = options.owner ?? newId('worker_');
  const leaseMs = options.leaseMs ?? ctx.config.ATOM_WORKFLOW_LEASE_MS;
  const runs: RunStore = createRunStore(ctx.db);
  const journal: RunJournal = createRunJournal(ctx.db, ctx.config.ATOM_WORKFLOW_INLINE_OUTPUT_BYTES);
  const workflows: WorkflowStore = createWorkflowStore(ctx.db);
  const limits: ExpressionLimits = { timeoutMs: ctx.config.ATOM_WORKFLOW_EXPRESSION_TIMEOUT_MS, maxResultBytes: 10 * 1024 * 1024 };
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const local = new Map<string, AbortController>();
  const definitions = new Map<string, WorkflowDefinition>();
  const authors = new Map<string, string>();
  const metrics = engineMetrics(ctx);
  const timers: NodeJS.Timeout[] = [];
  const live = runLiveEvents(ctx);

  /** Versions never change, so a definition is cached by workflow and version. */
  async function definitionOf(run: Pick<RunRow, 'workspace_id' | 'workflow_id' | 'version'>): Promise<WorkflowDefinition> {
    const k = `${run.workflow_id}@${run.version}`;
    let d = definitions.get(k);
    if (!d) {
      const v = await workflows.getVersion(run.workspace_id, run.workflow_id, run.version);
      d = workflowDefinitionSchema.parse(v.definition);
      if (definitions.size > 2000) definitions.clear();
      definitions.set(k, d);
    }
    return d;
  }

  /** The author of a run's version (versions never change, so cached like definitions). */
  async function authorOf(run: Pick<RunRow, 'workspace_id' | 'workflow_id' | 'version'>): Promise<string> {
    const k = `${run.workflow_id}@${run.version}`;
    let a = authors.get(k);
    if (a === undefined) {
      a = (await workflows.getVersion(run.workspace_id, run.workflow_id, run.version)).author;
      if (authors.size > 2000) authors.clear();
      authors.set(k, a);
    }
    return a;
  }

  const enqueueRun = (runId: string, jobId: string, runAt?: number) =>
    queue.enqueue<RunJobData>(RUN_QUEUE, { runId }, { id: jobId, maxAttempts: 10, ...(runAt !== undefined ? { runAt } : {}) });

  const deps: ExecutorDeps = {
    actions,
    journal,
    clock,
    logger: ctx.logger,
    limits,
    maxLoopItems: ctx.config.ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS,
    secret: options.secret ?? (async () => undefined),
    wakeAt: async (runId, timerId, at) => {
      await enqueueRun(runId, `wake:${runId}:${timerId}`, at);
    },
    startChild: async (parent, stepKey, childRunId, workflowId, input) => {
      if (await runs.get(childRunId)) return;
      const wf = await workflows.get(parent.workspace_id, workflowId);
      const version = wf.publishedVersion ?? wf.latestVersion;
      await startRun({ workspaceId: parent.workspace_id, workflowId, version, triggerType: 'sub_workflow', triggerData: input, mode: parent.mode === 'dry' ? 'dry' : 'live', parentRunId: parent.id, parentStepKey: stepKey, runId: childRunId });
    },
    waitUrl: (token) => `/api/hooks/wait/${token}`,
    owner,
    onStepRecorded: (run, step) => {
      if (step.status === 'succeeded' || step.status === 'failed') live.stepFinished(run, step);
    },
    fetch: createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW }),
    ...(options.actorOf ? { actorFor: async (run: RunRow) => options.actorOf?.(run.workspace_id, await authorOf(run)) } : {}),
  };

  async function startRun(input: StartRunInput): Promise<RunRow> {
    const run = await runs.create({ ...input, mode: input.mode ?? 'live', ...(input.runId ? { id: input.runId } : {}) });
    await enqueueRun(run.id, `start:${run.id}`);
    metrics.started.inc({ trigger: input.triggerType });
    options.onRunEvent?.({ type: 'run.started', run });
    live.started(run);
    return run;
  }

  /** Creates the run only when `guard` (run in the same transaction) says so: schedule ticks use it. */
  async function startRunIf(input: StartRunInput & { runId: string }, guard: (trx: Kysely<Database>) => Promise<boolean>): Promise<boolean> {
    const created = await ctx.db.transaction().execute(async (trx) => {
      if (!(await guard(trx))) return false;
      await createRunStore(trx).create({ ...input, mode: input.mode ?? 'live', id: input.runId });
      return true;
    });
    if (!created) return false;
    await enqueueRun(input.runId, `start:${input.runId}`);
    metrics.started.inc({ trigger: input.triggerType });
    live.started({ id: input.runId, workspace_id: input.workspaceId, workflow_id: input.workflowId, version: input.version, trigger_type: input.triggerType });
    return true;
  }

  /** The run job: claim → load journal → execute → finish, suspend or hand back. */
  async function processRun(job: Job<RunJobData>): Promise<void> {
    const { runId } = job.data;
    // Already executing here (a redelivered or expired job): let that execution finish, look again later.
    const claimed = local.has(runId) ? undefined : await runs.claim(runId, owner, clock.now(), leaseMs);
    if (!claimed) {
      const r = await runs.get(runId);
      if (!r || finishedStatuses.includes(r.status)) return;
      // Another worker holds a live lease (it may be finishing a parallel branch): look again shortly.
      await enqueueRun(runId, `busy:${runId}:${newId()}`, clock.now() + 250);
      return;
    }
    const run = claimed;
    const def = await definitionOf(run);
    if (def.settings.concurrency && !(await withinConcurrency(run, def.settings.concurrency))) return;

    const controller = new AbortController();
    local.set(run.id, controller);
    const deadline = Date.parse(run.started_at ?? run.created_at) + (def.settings.timeoutMs ?? ctx.config.ATOM_WORKFLOW_RUN_TIMEOUT_MS);
    const beat = setInterval(() => {
      void (async () => {
        if (clock.now() > deadline) controller.abort(new Interrupted('timeout'));
        else if (!(await runs.heartbeat(run.id, owner, clock.now() + leaseMs).catch(() => true))) {
          const now = await runs.get(run.id);
          controller.abort(new Interrupted(now?.status === 'cancelled' ? 'cancelled' : 'lease_lost'));
        }
      })();
    }, Math.min(leaseMs / 3, 2000));
    const t0 = performance.now();
    try {
      if (clock.now() > deadline) controller.abort(new Interrupted('timeout'));
      const entries = await journal.load(run.id);
      const outcome = await executeRun(run, def, entries, controller.signal, deps);
      switch (outcome.status) {
        case 'succeeded':
          await finish(run, 'succeeded', { output: outcome.output });
          break;
        case 'failed':
          await finish(run, 'failed', { error: outcome.error });
          break;
        case 'suspended':
          await runs.suspend(run.id, owner);
          break;
        case 'interrupted':
          if (outcome.reason === 'timeout') await finish(run, 'failed', { error: { code: 'workflows.run.timeout', message: 'The run took longer than its timeout.', retryable: false } });
          // cancelled: already stored; lease_lost: the worker that took the run over carries on.
          break;
        default: {
          const never: never = outcome;
          throw new Error(`unknown outcome ${String(never)}`);
        }
      }
    } finally {
      clearInterval(beat);
      local.delete(run.id);
      metrics.execSeconds.observe((performance.now() - t0) / 1000);
      events.emit(`run:${run.id}`);
    }
  }

  async function withinConcurrency(run: RunRow, limit: number): Promise<boolean> {
    if ((await runs.countActive(run.workflow_id)) <= limit) return true;
    // Over the workflow's limit: hand the run back (queued, as it has not started) and look again shortly.
    await runs.unclaim(run.id, owner);
    await enqueueRun(run.id, `limit:${run.id}:${newId()}`, clock.now() + 500 + Math.floor(Math.random() * 500));
    return false;
  }

  async function finish(run: RunRow, status: 'succeeded' | 'failed', result: { output?: unknown; error?: unknown }) {
    if (!(await runs.finish(run.id, owner, status, result))) return;
    metrics.finished.inc({ status });
    options.onRunEvent?.({ type: 'run.finished', run: { ...run, status } });
    live.finished(run, status, result.error);
    if (run.parent_run_id && run.parent_step_key) await resumeParent(run, status, result);
    if (status === 'failed' && run.trigger_type !== 'error_workflow') await startErrorWorkflow(run, result.error);
  }

  async function resumeParent(child: RunRow, status: 'succeeded' | 'failed', result: { output?: unknown; error?: unknown }) {
    const parent = await runs.get(child.parent_run_id ?? '');
    if (!parent || finishedStatuses.includes(parent.status)) return;
    const key = child.parent_step_key ?? '';
    const entries = await journal.load(parent.id);
    const e = entries.get(key);
    if (!e || e.status !== 'waiting') return;
    await journal.record(parent.id, parent.workspace_id, {
      ...e,
      status: status === 'succeeded' ? 'succeeded' : 'failed',
      output: status === 'succeeded' ? result.output : undefined,
      error: status === 'failed' ? { code: 'workflows.sub_workflow.failed', message: 'The sub-workflow failed.', retryable: false, cause: JSON.stringify(result.error) } : undefined,
      finishedAt: new Date(clock.now()).toISOString(),
      durationMs: clock.now() - Date.parse(e.startedAt),
    });
    await enqueueRun(parent.id, `child:${parent.id}:${child.id}`);
  }

  async function startErrorWorkflow(run: RunRow, error: unknown) {
    const def = await definitionOf(run);
    const target = def.settings.errorWorkflowId;
    if (!target) return;
    try {
      const wf = await workflows.get(run.workspace_id, target);
      if (!wf.publishedVersion) return;
      await startRun({ workspaceId: run.workspace_id, workflowId: target, version: wf.publishedVersion, triggerType: 'error_workflow', triggerData: { failedRun: { id: run.id, workflowId: run.workflow_id, version: run.version, error } } });
    } catch (err) {
      ctx.logger.warn({ err, runId: run.id }, 'could not start the error workflow');
    }
  }

  /** Expired leases (worker died) and queued runs whose start job was lost go back on the queue. */
  async function reap(): Promise<number> {
    const expired = await runs.expiredLeases(clock.now(), 200);
    for (const r of expired) await enqueueRun(r.id, `reap:${r.id}:${r.lease_until}`);
    // A run created just before its process died may have no start job: start it (ids make it a no-op otherwise).
    for (const r of await runs.staleQueued(new Date(clock.now() - leaseMs).toISOString(), 200)) await enqueueRun(r.id, `start:${r.id}`);
    if (expired.length) ctx.logger.info({ runs: expired.length }, 'handing runs with expired leases to another worker');
    return expired.length;
  }

  return {
    owner,
    runs,
    journal,
    workflows,
    events,
    startRun,
    startRunIf,
    processRun,
    reap,
    definitionOf,

    /** Starts consuming the run queue and the reaper in this process. */
    start() {
      queue.process<RunJobData>(RUN_QUEUE, processRun, { concurrency: options.concurrency ?? ctx.config.ATOM_WORKFLOW_CONCURRENCY });
      const t = setInterval(() => void reap().catch((err: unknown) => ctx.logger.warn({ err }, 'reaper failed')), Math.max(leaseMs / 2, 500));
      t.unref();
      timers.push(t);
    },

    stop() {
      for (const t of timers.splice(0)) clearInterval(t);
    },

    /** Cancels a run: stored at once; the worker running it stops at its next step or heartbeat. */
    async cancel(runId: string): Promise<boolean> {
      const changed = await runs.cancel(runId);
      local.get(runId)?.abort(new Interrupted('cancelled'));
      if (changed) events.emit(`run:${runId}`);
      if (changed) {
        const r = await runs.get(runId);
        if (r) live.finished(r, 'cancelled');
      }
      return changed;
    },

    /** Re-runs a finished run from its failed step (finished steps are kept), optionally on another version. */
    async retryFromFailed(run: RunRow, version?: number): Promise<void> {
      await journal.dropUnfinished(run.id);
      await runs.requeue(run.id, version ? { version } : {});
      await enqueueRun(run.id, `retry:${run.id}:${run.attempt_group + 1}`);
    },

    /** Resumes a step waiting for a webhook or an approval. */
    async signal(token: string, output: unknown): Promise<{ runId: string } | undefined> {
      const found = await journal.findWaiting(hashToken(token));
      if (!found) return undefined;
      // An approval is a signed-in member's decision (decide), never a bearer-token capability: steps
      // that started waiting before approvals lost their tokens still hold one.
      if (found.entry.stepType === 'wait_for_approval') {
        throw new AppError('workflows.approval.sign_in_required', 'An approval is decided by a signed-in member: open the run in Atom.', { status: 401 });
      }
      const run = await runs.get(found.runId);
      if (!run || finishedStatuses.includes(run.status)) return undefined;
      await journal.record(run.id, run.workspace_id, {
        ...found.entry,
        status: 'succeeded',
        output,
        waitTokenHash: null,
        finishedAt: new Date(clock.now()).toISOString(),
        durationMs: clock.now() - Date.parse(found.entry.startedAt),
      });
      await enqueueRun(run.id, `signal:${run.id}:${found.entry.stepKey}`);
      return { runId: run.id };
    },

    /**
     * Records a signed-in member's answer to a waiting approval step (the caller has checked that they may
     * decide) and resumes the run. Undefined when the step is not waiting (any more): answered, timed out,
     * or the run finished.
     */
    async decide(run: RunRow, stepKey: string, output: ApprovalDecision): Promise<{ runId: string } | undefined> {
      if (finishedStatuses.includes(run.status)) return undefined;
      const entry = (await journal.load(run.id)).get(stepKey);
      if (!entry || entry.status !== 'waiting' || entry.stepType !== 'wait_for_approval') return undefined;
      const now = clock.now();
      if (!(await journal.answerWaiting(run.id, run.workspace_id, stepKey, output, new Date(now).toISOString(), now - Date.parse(entry.startedAt)))) return undefined;
      await enqueueRun(run.id, `signal:${run.id}:${stepKey}`);
      return { runId: run.id };
    },

    /** Resolves when the run reaches a final status (or after `timeoutMs`). */
    async waitForRun(runId: string, timeoutMs: number): Promise<RunRow | undefined> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const r = await runs.get(runId);
        if (!r || finishedStatuses.includes(r.status) || Date.now() >= end) return r;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(t);
            resolve();
          };
          const t = setTimeout(() => {
            events.off(`run:${runId}`, done);
            resolve();
          }, Math.min(queue.backend === 'bullmq' ? 50 : 200, end - Date.now()));
          events.once(`run:${runId}`, done);
        });
      }
    },
  };
}

export type WorkflowEngine = ReturnType<typeof createWorkflowEngine>;

function engineMetrics(ctx: AppContext) {
  const reg = ctx.metrics.registry;
  const existing = (name: string) => reg.getSingleMetric(name);
  return {
    started: (existing('atom_workflow_runs_started_total') as Counter<'trigger'>) ?? new Counter({ name: 'atom_workflow_runs_started_total', help: 'Workflow runs started', labelNames: ['trigger'], registers: [reg] }),
    finished: (existing('atom_workflow_runs_finished_total') as Counter<'status'>) ?? new Counter({ name: 'atom_workflow_runs_finished_total', help: 'Workflow runs finished', labelNames: ['status'], registers: [reg] }),
    execSeconds: (existing('atom_workflow_run_execution_seconds') as Histogram) ?? new Histogram({ name: 'atom_workflow_run_execution_seconds', help: 'Time a worker spent executing a run (one claim)', registers: [reg] }),
  };
}
