import { newId } from '../../platform/index.js';
import { finishedStatuses, type RunRow } from '../repositories/run-repository.js';
import { Interrupted } from './outcomes.js';
import type { EngineResources } from './resources.js';

/**
 * Takes the run's lease for this worker. Undefined when the run is not ours to execute now: finished,
 * or held by another execution (here or elsewhere), in which case it is looked at again shortly.
 */
export async function claimRun(res: EngineResources, runId: string): Promise<(RunRow & { firstClaim: boolean }) | undefined> {
  // Already executing here (a redelivered or expired job): let that execution finish, look again later.
  const claimed = res.local.has(runId) ? undefined : await res.runs.claim(runId, res.owner, res.clock.now(), res.leaseMs);
  if (claimed) return claimed;
  const r = await res.runs.get(runId);
  if (!r || finishedStatuses.includes(r.status)) return undefined;
  // Another worker holds a live lease (it may be finishing a parallel branch): look again shortly.
  await res.enqueueRun(runId, `busy:${runId}:${newId()}`, res.clock.now() + 250);
  return undefined;
}

/** Whether the claimed run fits its workflow's concurrency limit; if not, it is handed back for later. */
export async function withinConcurrency(res: EngineResources, run: RunRow, limit: number): Promise<boolean> {
  if ((await res.runs.countActive(run.workflow_id)) <= limit) return true;
  // Over the workflow's limit: hand the run back (queued, as it has not started) and look again shortly.
  await res.runs.unclaim(run.id, res.owner);
  await res.enqueueRun(run.id, `limit:${run.id}:${newId()}`, res.clock.now() + 500 + Math.floor(Math.random() * 500));
  return false;
}

/**
 * Keeps the lease alive while the run executes, and interrupts it through `controller` when the run
 * passes its deadline, is cancelled, or its lease went to another worker. Returns the timer to clear.
 */
export function startHeartbeat(res: EngineResources, run: RunRow, deadline: number, controller: AbortController): NodeJS.Timeout {
  const { runs, clock, owner, leaseMs } = res;
  return setInterval(() => {
    void (async () => {
      if (clock.now() > deadline) controller.abort(new Interrupted('timeout'));
      else if (!(await runs.heartbeat(run.id, owner, clock.now() + leaseMs).catch(() => true))) {
        const now = await runs.get(run.id);
        controller.abort(new Interrupted(now?.status === 'cancelled' ? 'cancelled' : 'lease_lost'));
      }
    })();
  }, Math.min(leaseMs / 3, 2000));
}
