import { currentRequestScope } from '../request-scope.js';

/**
 * Who gets the next free PostgreSQL connection when the pool is drained. pg-pool serves waiters first in,
 * first out, so under a flood a memory search (three short queries) waited behind chat turns, webhooks and
 * run listings for each of its connections (docs/benchmarks.md, issue 21, third session).
 *
 * Lower levels go first, but only by a bounded head start: a waiter's turn is its arrival time plus
 * `stepMs` per level, so a webhook that has waited 3 steps longer than a new search goes before it. Strict
 * priority starved webhooks into 503s under a flood of chat turns.
 */
export const dbPriorities = { interactive: 0, read: 1, normal: 2, bulk: 3 } as const;
export type DbPriority = (typeof dbPriorities)[keyof typeof dbPriorities];

/** The priority of the work running now: `normal` outside any request (jobs, schedulers, start-up). */
export function currentDbPriority(): DbPriority {
  return (currentRequestScope()?.priority as DbPriority | undefined) ?? dbPriorities.normal;
}

export interface PriorityGate {
  /** Resolves when a connection may be taken; rejects after `timeoutMs` (the pool's acquire timeout). */
  acquire(priority: DbPriority): Promise<void>;
  /** A connection went back to the pool: the waiter whose turn comes first may take it. */
  release(): void;
  stats(): { inUse: number; waiting: number };
}

interface Waiter {
  turn: number;
  grant: () => void;
  timer: NodeJS.Timeout;
}

/** At most `max` connections out at once; waiters served by turn (arrival + level × stepMs). */
export function createPriorityGate(max: number, timeoutMs: number, stepMs = 20): PriorityGate {
  let inUse = 0;
  // Sorted by turn; most newcomers belong near the end, so the insertion scan starts there.
  const waiting: Waiter[] = [];
  return {
    acquire(priority) {
      if (inUse < max) {
        inUse++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          turn: performance.now() + priority * stepMs,
          grant: () => {
            clearTimeout(waiter.timer);
            resolve();
          },
          timer: setTimeout(() => {
            const at = waiting.indexOf(waiter);
            if (at >= 0) waiting.splice(at, 1);
            // Worded like pg-pool's own acquire timeout, so poolTimeout() turns it into a 503 the same way.
            reject(new Error('timeout exceeded when trying to connect (every pooled connection stayed busy)'));
          }, timeoutMs),
        };
        let at = waiting.length;
        while (at > 0 && waiting[at - 1]!.turn > waiter.turn) at--;
        waiting.splice(at, 0, waiter);
      });
    },
    release() {
      const next = waiting.shift();
      // The connection passes straight to the next waiter: the count out stays the same.
      if (next) next.grant();
      else inUse = Math.max(0, inUse - 1);
    },
    stats: () => ({ inUse, waiting: waiting.length }),
  };
}
