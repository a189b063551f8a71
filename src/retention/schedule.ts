import type { AppContext } from '../platform/index.js';
import { purgeAllWorkspaces, purgeSystemAudit } from './purge.js';

/**
 * Runs the retention purge every ATOM_RETENTION_INTERVAL_MINUTES in the serving process (first run one
 * minute after start). Runs never overlap; a failed run is logged and the next one tries again.
 * Returns a stop function.
 */
export function startRetentionSchedule(ctx: AppContext, firstRunDelayMs = 60_000): () => void {
  const minutes = ctx.config.ATOM_RETENTION_INTERVAL_MINUTES;
  if (minutes === 0) return () => undefined;
  let running = false;
  const run = async () => {
    if (running || ctx.lifecycle.shuttingDown) return;
    running = true;
    try {
      await purgeAllWorkspaces(ctx);
      await purgeSystemAudit(ctx);
    } catch (err) {
      ctx.logger.error({ err }, 'scheduled retention purge failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), Math.min(firstRunDelayMs, minutes * 60_000));
  const every = setInterval(() => void run(), minutes * 60_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
