import { systemClock, type Clock, type JobQueue } from '../../platform/jobs/index.js';
import type { Memory } from '../memory.js';
import type { MemoryConnection } from '../tables.js';
import { leaseHeld, syncQueue, type SyncJobData } from './sync-runner.js';

export const syncTickQueue = 'memory.sync-tick';
export { syncQueue };

export interface ScheduledSyncOptions {
  memory: Memory;
  queue: JobQueue;
  intervalMinutes: number;
  /** Overrides the interval with milliseconds (tests tick every few seconds). */
  intervalMs?: number;
  clock?: Clock;
  /** Called after each tick with its slot and how many syncs it queued. */
  onTick?: (slot: number, queued: number) => void;
}

/** A source is due when its last sync started more than half an interval ago (a recent "sync now" counts). */
export const isDue = (c: MemoryConnection, now: number, intervalMs: number) => !c.last_sync_started_at || Date.parse(c.last_sync_started_at) <= now - intervalMs / 2;

/**
 * Every source syncs every `intervalMinutes`, through the platform job queue so several replicas agree:
 * - a tick is a stored timer with the id `memory-sync-tick:<slot>` (slot = time / interval): every replica
 *   schedules the next slot at start and each tick schedules the one after, and an id still pending is
 *   enqueued once, so a tick fires once across replicas;
 * - the tick enqueues `memory-sync:<connectionId>` for each due source: a source already queued or
 *   running is not queued again, and the sync lease (sync.ts) keeps "sync now" and a scheduled sync apart.
 * Ticks are consumed here; the sync jobs by `processSyncJobs` (sync-runner.ts): `atom serve` in embedded
 * mode, `atom worker` in queue mode.
 */
export function startScheduledSync(o: ScheduledSyncOptions) {
  const { memory, queue } = o;
  const clock = o.clock ?? systemClock;
  const intervalMs = o.intervalMs ?? o.intervalMinutes * 60_000;
  const log = memory.ctx.logger;

  const scheduleTick = (slot: number) => queue.enqueue(syncTickQueue, { slot }, { id: `memory-sync-tick:${slot}`, runAt: slot * intervalMs, maxAttempts: 3 });

  /** Queues a sync of every due source; returns how many were queued. */
  const enqueueDue = async (now = clock.now()): Promise<number> => {
    let queued = 0;
    for (const c of await memory.connections.listSyncable()) {
      if (!isDue(c, now, intervalMs) || leaseHeld(c, now)) continue;
      const data: SyncJobData = { workspaceId: c.workspace_id, connectionId: c.id };
      await queue.enqueue(syncQueue, data, { id: `memory-sync:${c.id}`, maxAttempts: 1 });
      queued++;
    }
    return queued;
  };

  queue.process<{ slot: number }>(syncTickQueue, async (job) => {
    // The next tick first: the chain goes on even if this one fails and is retried.
    await scheduleTick(job.data.slot + 1);
    const queued = await enqueueDue();
    if (queued > 0) log.info({ slot: job.data.slot, queued }, 'memory: scheduled source syncs queued');
    o.onTick?.(job.data.slot, queued);
  }, { concurrency: 1 });

  const first = scheduleTick(Math.floor(clock.now() / intervalMs) + 1).catch((err: unknown) => log.warn({ err }, 'memory: scheduling the sync tick failed'));

  return {
    /** Resolves once the first tick is scheduled. */
    ready: first.then(() => undefined),
    enqueueDue,
  };
}
