import type { AppContext } from '../platform/index.js';
import { authServices } from './services.js';

const EVERY_MS = 15 * 60_000;

/**
 * Deletes ended sessions, forgotten sign-in failures and dead OAuth codes and grants every 15 minutes, so the tables hold only what
 * is live. Returns a stop function; the timer never keeps the process alive on its own.
 */
export function startAuthHousekeeping(ctx: AppContext): () => void {
  const { sessions, throttle, oauth } = authServices(ctx);
  const sweep = async () => {
    try {
      const ended = await sessions.purgeExpired();
      const forgotten = await throttle.purgeStale();
      const oauthRows = await oauth.purgeExpired();
      if (ended + forgotten + oauthRows > 0) ctx.logger.debug({ ended, forgotten, oauthRows }, 'auth housekeeping');
    } catch (err) {
      ctx.logger.warn({ err }, 'auth housekeeping failed; will retry');
    }
  };
  const timer = setInterval(() => void sweep(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
