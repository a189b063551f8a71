import type { EngineResources } from './resources.js';

/** Expired leases (worker died) and queued runs whose start job was lost go back on the queue. */
export async function reap(res: EngineResources): Promise<number> {
  const { runs, clock, leaseMs } = res;
  const expired = await runs.expiredLeases(clock.now(), 200);
  for (const r of expired) await res.enqueueRun(r.id, `reap:${r.id}:${r.lease_until}`);
  // A run created just before its process died may have no start job: start it (ids make it a no-op otherwise).
  for (const r of await runs.staleQueued(new Date(clock.now() - leaseMs).toISOString(), 200)) await res.enqueueRun(r.id, `start:${r.id}`);
  if (expired.length) res.logger.info({ runs: expired.length }, 'handing runs with expired leases to another worker');
  return expired.length;
}

/** Reaps every half lease in this process; returns the timer to clear on stop. */
export function startReaper(res: EngineResources): NodeJS.Timeout {
  const t = setInterval(() => void reap(res).catch((err: unknown) => res.logger.warn({ err }, 'reaper failed')), Math.max(res.leaseMs / 2, 500));
  t.unref();
  return t;
}
