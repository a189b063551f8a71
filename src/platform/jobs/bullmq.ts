import { createRequire } from 'node:module';
import type * as BullMQ from 'bullmq';
import { Redis } from 'ioredis';
import { newId } from '../ids/index.js';
import type { Logger } from '../logging/index.js';
import { jobRetryDelayMs, systemClock, type Clock, type ConsumerOptions, type JobOptions, type JobQueue } from './types.js';

export interface BullQueueOptions {
  redisUrl: string;
  logger: Logger;
  /** Namespace of every key; tests use a unique one per test. */
  prefix?: string;
  clock?: Clock;
}

// Loaded when queue mode starts: in embedded mode BullMQ's ~190 modules would only slow every start down.
const loadBullMQ = () => createRequire(import.meta.url)('bullmq') as typeof BullMQ;

// BullMQ reserves ':' in custom ids (it separates key parts); any other byte is kept as is.
const bullId = (id: string) => id.replaceAll(':', '|');
const atomId = (id: string) => id.replaceAll('|', ':');

/**
 * Queue mode: one BullMQ queue per Atom queue name, consumed by `atom worker` processes. Delayed jobs
 * live in Redis, so they survive restarts like the embedded backend's stored timers.
 */
export function createBullQueue(options: BullQueueOptions): JobQueue {
  const { redisUrl, logger } = options;
  const { Queue, Worker } = loadBullMQ();
  const clock = options.clock ?? systemClock;
  const prefix = options.prefix ?? 'atom';
  const connections: Redis[] = [];
  const connect = (): BullMQ.ConnectionOptions => {
    // Workers block on Redis, so they need their own connection without a per-request retry limit.
    const r = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    r.on('error', (err) => logger.debug({ err: { message: err.message } }, 'bullmq redis error'));
    connections.push(r);
    return r;
  };
  const queues = new Map<string, BullMQ.Queue>();
  const workers: BullMQ.Worker[] = [];
  const queueFor = (name: string): BullMQ.Queue => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: connect(), prefix });
      // Without a listener BullMQ prints every reconnect failure to stderr while Redis restarts.
      q.on('error', (err) => logger.debug({ err: { message: err.message } }, 'bullmq queue redis error'));
      queues.set(name, q);
    }
    return q;
  };

  return {
    backend: 'bullmq',
    async enqueue(queue, data, opts: JobOptions = {}) {
      const id = opts.id ?? newId('job_');
      const delay = Math.max(0, opts.runAt !== undefined ? opts.runAt - clock.now() : (opts.delayMs ?? 0));
      await queueFor(queue).add(queue, data, {
        jobId: bullId(id),
        delay,
        attempts: opts.maxAttempts ?? 5,
        backoff: { type: 'custom' },
        // Finished ids are forgotten, so a deterministic id can be scheduled again after it ran.
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      });
      return id;
    },
    process(queue, handler, opts: ConsumerOptions = {}) {
      const worker = new Worker(
        queue,
        async (job) => {
          await handler({ id: atomId(job.id ?? ''), queue, data: job.data as never, attempt: job.attemptsMade + 1 });
        },
        {
          connection: connect(),
          prefix,
          concurrency: opts.concurrency ?? 4,
          settings: { backoffStrategy: (attemptsMade: number) => jobRetryDelayMs(attemptsMade) },
        },
      );
      worker.on('failed', (job, err) =>
        logger.warn({ err, queue, jobId: job?.id, attempt: job?.attemptsMade }, 'job failed'),
      );
      worker.on('error', (err) => logger.debug({ err }, 'bullmq worker error'));
      workers.push(worker);
    },
    async remove(queue, id) {
      const job = await queueFor(queue).getJob(bullId(id));
      if (!job) return false;
      const state = await job.getState();
      if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
      await job.remove();
      return true;
    },
    async pendingCount(queue) {
      return queueFor(queue).getJobCountByTypes('waiting', 'delayed', 'prioritized');
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
