import { Interrupted } from './outcomes.js';
import type { EngineResources } from './resources.js';

/** Cancels a run: stored at once; the worker running it stops at its next step or heartbeat. */
export async function cancelRun(res: EngineResources, runId: string): Promise<boolean> {
  const changed = await res.runs.cancel(runId);
  // Running here: interrupt it now rather than at the next heartbeat.
  res.local.get(runId)?.abort(new Interrupted('cancelled'));
  if (changed) {
    res.events.emit(`run:${runId}`);
    const r = await res.runs.get(runId);
    if (r) res.live.finished(r, 'cancelled');
  }
  return changed;
}
