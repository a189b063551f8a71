import type { Kysely } from 'kysely';
import type { Database } from '../../platform/index.js';
import { createRunStore, type RunRow } from '../repositories/run-repository.js';
import type { EngineResources } from './resources.js';

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

/** A run begins as a stored row and a start job; the job id makes a repeated start a no-op. */
export async function startRun(res: EngineResources, input: StartRunInput): Promise<RunRow> {
  const run = await res.runs.create({ ...input, mode: input.mode ?? 'live', ...(input.runId ? { id: input.runId } : {}) });
  await res.enqueueRun(run.id, `start:${run.id}`);
  res.metrics.started.inc({ trigger: input.triggerType });
  res.options.onRunEvent?.({ type: 'run.started', run });
  res.live.started(run);
  return run;
}

/** Creates the run only when `guard` (run in the same transaction) says so: schedule ticks use it. */
export async function startRunIf(res: EngineResources, input: StartRunInput & { runId: string }, guard: (trx: Kysely<Database>) => Promise<boolean>): Promise<boolean> {
  const created = await res.db.transaction().execute(async (trx) => {
    if (!(await guard(trx))) return false;
    await createRunStore(trx).create({ ...input, mode: input.mode ?? 'live', id: input.runId });
    return true;
  });
  if (!created) return false;
  await res.enqueueRun(input.runId, `start:${input.runId}`);
  res.metrics.started.inc({ trigger: input.triggerType });
  res.live.started({ id: input.runId, workspace_id: input.workspaceId, workflow_id: input.workflowId, version: input.version, trigger_type: input.triggerType });
  return true;
}

/** A sub-workflow step's child run, with the id the step derived (so a replayed step starts it once). */
export async function startChildRun(res: EngineResources, parent: RunRow, stepKey: string, childRunId: string, workflowId: string, input: unknown): Promise<void> {
  if (await res.runs.get(childRunId)) return;
  const wf = await res.workflows.get(parent.workspace_id, workflowId);
  const version = wf.publishedVersion ?? wf.latestVersion;
  await startRun(res, { workspaceId: parent.workspace_id, workflowId, version, triggerType: 'sub_workflow', triggerData: input, mode: parent.mode === 'dry' ? 'dry' : 'live', parentRunId: parent.id, parentStepKey: stepKey, runId: childRunId });
}

/** Re-runs a finished run from its failed step (finished steps are kept), optionally on another version. */
export async function retryFromFailed(res: EngineResources, run: RunRow, version?: number): Promise<void> {
  await res.journal.dropUnfinished(run.id);
  await res.runs.requeue(run.id, version ? { version } : {});
  await res.enqueueRun(run.id, `retry:${run.id}:${run.attempt_group + 1}`);
}
