import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId, nowIso } from '../ids/index.js';
import type { Logger } from '../logging/index.js';
import { createGroupCommit } from './group-commit.js';
import './tables.js';
import { jobRetryDelayMs, systemClock, type Clock, type ConsumerOptions, type Job, type JobHandler, type JobOptions, type JobQueue } from './types.js';

export interface EmbeddedQueueOptions {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  logger: Logger;
  clock?: Clock;
  /** How often an idle consumer looks for due jobs (jobs enqueued in this process wake it at once). */
  pollIntervalMs?: number;
  /** How long a claimed job stays locked; renewed while its handler runs. */
  lockMs?: number;
}

/**
 * The embedded backend: jobs are rows of the `jobs` table, claimed with a lock that expires, so a job
 * whose process died is taken again by another consumer after `lockMs`.
 */
export function createEmbeddedQueue(options: EmbeddedQueueOptions): JobQueue {
  const { db, dialect, logger } = options;
  const clock = options.clock ?? systemClock;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const lockMs = options.lockMs ?? 30_000;
  const owner = newId('consumer_');
  const consumers: Consumer[] = [];
  // Enqueues and completions of concurrent jobs share commits (see group-commit.ts).
  const commit = createGroupCommit(db);
  let closed = false;

  interface Consumer {
    queue: string;
    wake(): void;
    stopped: Promise<void>;
  }

  async function claim(queue: string, limit: number): Promise<{ id: string; data: string; attempts: number; max_attempts: number }[]> {
    const now = clock.now();
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where('queue', '=', queue)
      .where('run_at', '<=', now)
      .where('locked_until', '<=', now)
      .orderBy('run_at')
      .limit(limit);
    return db
      .updateTable('jobs')
      .set({ locked_by: owner, locked_until: now + lockMs, attempts: sql<number>`attempts + 1` })
      .where('id', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
      .returning(['id', 'data', 'attempts', 'max_attempts'])
      .execute();
  }

  async function finish(id: string): Promise<void> {
    await commit((trx) => trx.deleteFrom('jobs').where('id', '=', id).where('locked_by', '=', owner).execute());
  }

  async function fail(row: { id: string; attempts: number; max_attempts: number }, queue: string, err: unknown): Promise<void> {
    if (row.attempts >= row.max_attempts) {
      logger.error({ err, queue, jobId: row.id, attempts: row.attempts }, 'job failed for the last time; dropped');
      await finish(row.id);
      return;
    }
    logger.warn({ err, queue, jobId: row.id, attempt: row.attempts }, 'job failed; will retry');
    await db
      .updateTable('jobs')
      .set({ locked_by: null, locked_until: 0, run_at: clock.now() + jobRetryDelayMs(row.attempts) })
      .where('id', '=', row.id)
      .where('locked_by', '=', owner)
      .execute();
  }

  function startConsumer<T>(queue: string, handler: JobHandler<T>, concurrency: number): Consumer {
    const inFlight = new Set<Promise<void>>();
    let wakeUp: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, ms);
      }).finally(() => {
        clearTimeout(timer);
        wakeUp = undefined;
      });

    const runOne = async (row: { id: string; data: string; attempts: number; max_attempts: number }) => {
      // Keeps the lock while a long handler runs, so no other consumer takes the job meanwhile.
      const renew = setInterval(() => {
        void db
          .updateTable('jobs')
          .set({ locked_until: clock.now() + lockMs })
          .where('id', '=', row.id)
          .where('locked_by', '=', owner)
          .execute()
          .catch(() => undefined);
      }, Math.max(lockMs / 3, 50));
      try {
        const job: Job<T> = { id: row.id, queue, data: JSON.parse(row.data) as T, attempt: row.attempts };
        await handler(job);
        await finish(row.id);
      } catch (err) {
        await fail(row, queue, err).catch((e: unknown) => logger.error({ err: e, queue }, 'could not record job failure'));
      } finally {
        clearInterval(renew);
      }
    };

    const loop = async () => {
      while (!closed) {
        const free = concurrency - inFlight.size;
        let claimed = 0;
        if (free > 0) {
          try {
            const rows = await claim(queue, free);
            claimed = rows.length;
            for (const row of rows) {
              const p = runOne(row).finally(() => {
                inFlight.delete(p);
                wakeUp?.();
              });
              inFlight.add(p);
            }
          } catch (err) {
            logger.warn({ err, queue }, 'could not claim jobs; retrying');
          }
        }
        if (closed) break;
        // A full batch means more may be due: look again at once; otherwise wait for a wake-up or the poll.
        if (claimed === 0 || claimed < free) await sleep(inFlight.size >= concurrency ? pollIntervalMs * 4 : pollIntervalMs);
      }
      await Promise.allSettled([...inFlight]);
    };

    const stopped = loop();
    return { queue, wake: () => wakeUp?.(), stopped };
  }

  return {
    backend: 'embedded',
    async enqueue(queue, data, opts: JobOptions = {}) {
      const id = opts.id ?? newId('job_');
      const runAt = opts.runAt ?? clock.now() + (opts.delayMs ?? 0);
      await commit((trx) => trx
        .insertInto('jobs')
        .values({
          id,
          queue,
          data: JSON.stringify(data ?? null),
          run_at: runAt,
          attempts: 0,
          max_attempts: opts.maxAttempts ?? 5,
          locked_by: null,
          locked_until: 0,
          created_at: nowIso(),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute());
      if (runAt <= clock.now()) for (const c of consumers) if (c.queue === queue) c.wake();
      return id;
    },
    process(queue, handler, opts: ConsumerOptions = {}) {
      consumers.push(startConsumer(queue, handler, opts.concurrency ?? 4));
    },
    async remove(queue, id) {
      const r = await db.deleteFrom('jobs').where('queue', '=', queue).where('id', '=', id).where('locked_by', 'is', null).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async pendingCount(queue) {
      const r = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('queue', '=', queue)
        .where('locked_until', '<=', clock.now())
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async close() {
      closed = true;
      for (const c of consumers) c.wake();
      await Promise.all(consumers.map((c) => c.stopped));
    },
  };
}
