import { finishedStatuses, type RunRow } from '../repositories/run-repository.js';
import type { RunOutcome } from './executor.js';
import type { EngineResources } from './resources.js';
import { startRun } from './start-run.js';

type RunResult = { output?: unknown; error?: unknown };

/** Stores what one execution of the run came to: finished, suspended until a timer or signal, or interrupted. */
export async function settleRun(res: EngineResources, run: RunRow, outcome: RunOutcome): Promise<void> {
  switch (outcome.status) {
    case 'succeeded':
      await finish(res, run, 'succeeded', { output: outcome.output });
      break;
    case 'failed':
      await finish(res, run, 'failed', { error: outcome.error });
      break;
    case 'suspended':
      await res.runs.suspend(run.id, res.owner);
      break;
    case 'interrupted':
      if (outcome.reason === 'timeout') await finish(res, run, 'failed', { error: { code: 'workflows.run.timeout', message: 'The run took longer than its timeout.', retryable: false } });
      // cancelled: already stored; lease_lost: the worker that took the run over carries on.
      break;
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
}

/** Records the final status (fenced by the lease), then resumes a waiting parent and starts the error workflow. */
async function finish(res: EngineResources, run: RunRow, status: 'succeeded' | 'failed', result: RunResult) {
  if (!(await res.runs.finish(run.id, res.owner, status, result))) return;
  res.metrics.finished.inc({ status });
  res.options.onRunEvent?.({ type: 'run.finished', run: { ...run, status } });
  res.live.finished(run, status, result.error);
  if (run.parent_run_id && run.parent_step_key) await resumeParent(res, run, status, result);
  if (status === 'failed' && run.trigger_type !== 'error_workflow') await startErrorWorkflow(res, run, result.error);
}

/** A finished child answers its parent's waiting sub-workflow step and wakes the parent. */
async function resumeParent(res: EngineResources, child: RunRow, status: 'succeeded' | 'failed', result: RunResult) {
  const { runs, journal, clock } = res;
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
  await res.enqueueRun(parent.id, `child:${parent.id}:${child.id}`);
}

async function startErrorWorkflow(res: EngineResources, run: RunRow, error: unknown) {
  const def = await res.definitionOf(run);
  const target = def.settings.errorWorkflowId;
  if (!target) return;
  try {
    const wf = await res.workflows.get(run.workspace_id, target);
    if (!wf.publishedVersion) return;
    await startRun(res, { workspaceId: run.workspace_id, workflowId: target, version: wf.publishedVersion, triggerType: 'error_workflow', triggerData: { failedRun: { id: run.id, workflowId: run.workflow_id, version: run.version, error } } });
  } catch (err) {
    res.logger.warn({ err, runId: run.id }, 'could not start the error workflow');
  }
}

/** Resolves when the run reaches a final status (or after `timeoutMs`). */
export async function waitForRun(res: EngineResources, runId: string, timeoutMs: number): Promise<RunRow | undefined> {
  const { runs, events, queue } = res;
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
}
