import type { AppContext } from '../context.js';
import { createBullQueue } from './bullmq.js';
import { createEmbeddedQueue } from './embedded.js';
import type { Clock, JobQueue } from './types.js';

export { createBullQueue } from './bullmq.js';
export { createEmbeddedQueue } from './embedded.js';
export { systemClock, jobRetryDelayMs, type Clock, type ConsumerOptions, type Job, type JobHandler, type JobOptions, type JobQueue } from './types.js';

export interface JobQueueOptions {
  clock?: Clock;
  /** BullMQ key prefix (tests use one per test). */
  prefix?: string;
  pollIntervalMs?: number;
  lockMs?: number;
}

/**
 * The job queue of this process: BullMQ when ATOM_REDIS_URL is set, the database job table otherwise.
 * Closing it (drain: running jobs finish) is registered on the lifecycle.
 */
export function createJobQueue(ctx: AppContext, options: JobQueueOptions = {}): JobQueue {
  const queue = ctx.config.ATOM_REDIS_URL
    ? createBullQueue({
        redisUrl: ctx.config.ATOM_REDIS_URL,
        logger: ctx.logger,
        prefix: options.prefix ?? ctx.config.ATOM_JOBS_PREFIX,
        ...(options.clock ? { clock: options.clock } : {}),
      })
    : createEmbeddedQueue({
        db: ctx.db,
        dialect: ctx.database.dialect,
        logger: ctx.logger,
        pollIntervalMs: options.pollIntervalMs ?? ctx.config.ATOM_JOBS_POLL_INTERVAL_MS,
        ...(options.lockMs ? { lockMs: options.lockMs } : {}),
        ...(options.clock ? { clock: options.clock } : {}),
      });
  ctx.lifecycle.onShutdown('jobs', () => queue.close());
  return queue;
}
