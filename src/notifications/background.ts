import type { AppContext } from '../platform/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import { processDigests, scheduleDueDigests } from './digest.js';
import { sweepNotifications } from './producers.js';

/**
 * In the serving process: every `intervalMs`, turn failed runs, failed syncs and broken connections into
 * notifications, and enqueue the digests that are due; digest jobs are consumed here too (the integration
 * actions they send through are registered by the app). Stopped on shutdown.
 */
export function startNotificationWorkers(ctx: AppContext, queue: JobQueue, options: { intervalMs?: number } = {}): () => void {
  processDigests(ctx, queue);
  let running = false;
  const tick = async () => {
    if (running || ctx.lifecycle.shuttingDown) return;
    running = true;
    try {
      await sweepNotifications(ctx);
      await scheduleDueDigests(ctx, queue);
    } catch (err) {
      ctx.logger.warn({ err }, 'notification sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 60_000);
  timer.unref();
  const stop = () => clearInterval(timer);
  ctx.lifecycle.onShutdown('notifications', stop);
  return stop;
}
