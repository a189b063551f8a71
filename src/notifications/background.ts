import type { AppContext } from '../platform/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import { processDigests, scheduleDueDigests } from './digest.js';
import { sweepNotifications } from './producers.js';

/**
 * In every process that runs background work (`atom serve`, and `atom worker` in queue mode): every
 * `intervalMs`, turn failed runs, failed syncs and broken connections into notifications, and enqueue the
 * digests that are due; digest jobs are consumed here too (through the integration actions, registered by
 * the app or by the worker). Overlapping processes are safe: producers keep cursors and dedupe keys, and
 * `sendDigest` claims a lease per user's digest before sending. Stopped on shutdown.
 */
export function startNotificationWorkers(ctx: AppContext, queue: JobQueue, options: { intervalMs?: number } = {}): () => Promise<void> {
  processDigests(ctx, queue);
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await sweepNotifications(ctx);
      await scheduleDueDigests(ctx, queue);
    } catch (err) {
      ctx.logger.warn({ err }, 'notification sweep failed');
    }
  };
  const timer = setInterval(() => {
    if (running || stopped || ctx.lifecycle.shuttingDown) return;
    running = tick().finally(() => (running = undefined));
  }, options.intervalMs ?? 60_000);
  timer.unref();
  // Stopping waits for a sweep in flight, so nothing is enqueued after the queue it feeds has closed.
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
  ctx.lifecycle.onShutdown('notifications', stop);
  return stop;
}
