import { AppError } from '../../platform/index.js';
import { finishedStatuses, type RunRow } from '../repositories/run-repository.js';
import { hashToken } from '../tokens.js';
import type { EngineResources } from './resources.js';

/** What a decided approval step outputs: the answer, and who gave it when. */
export interface ApprovalDecision {
  approved: boolean;
  decision: 'approved' | 'rejected';
  decidedBy: { userId: string; name: string; email: string };
  decidedAt: string;
  comment?: string | undefined;
}

/** A stored timer: the run is looked at again at `at` (a delay, a retry's backoff, a wait's timeout); idempotent per id. */
export async function wakeRunAt(res: EngineResources, runId: string, timerId: string, at: number): Promise<void> {
  await res.enqueueRun(runId, `wake:${runId}:${timerId}`, at);
}

/** Resumes a step waiting for a webhook: the token's holder answers it with `output`. */
export async function signalWaiting(res: EngineResources, token: string, output: unknown): Promise<{ runId: string } | undefined> {
  const { runs, journal, clock } = res;
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
  await res.enqueueRun(run.id, `signal:${run.id}:${found.entry.stepKey}`);
  return { runId: run.id };
}

/**
 * Records a signed-in member's answer to a waiting approval step (the caller has checked that they may
 * decide) and resumes the run. Undefined when the step is not waiting (any more): answered, timed out,
 * or the run finished.
 */
export async function decideApproval(res: EngineResources, run: RunRow, stepKey: string, output: ApprovalDecision): Promise<{ runId: string } | undefined> {
  if (finishedStatuses.includes(run.status)) return undefined;
  const entry = (await res.journal.load(run.id)).get(stepKey);
  if (!entry || entry.status !== 'waiting' || entry.stepType !== 'wait_for_approval') return undefined;
  const now = res.clock.now();
  if (!(await res.journal.answerWaiting(run.id, run.workspace_id, stepKey, output, new Date(now).toISOString(), now - Date.parse(entry.startedAt)))) return undefined;
  await res.enqueueRun(run.id, `signal:${run.id}:${stepKey}`);
  return { runId: run.id };
}
