import { AppError, type AppContext } from '../../platform/index.js';
import { declaredService, serviceProfile } from '../registry.js';
import { clientForConnection } from './client.js';
import { connectionRepository } from './connection-repository.js';
import { connectionService } from './service.js';

/**
 * The periodic cheap check: one light authenticated read per connection whose service has one (Slack
 * auth.test, GitHub /user, ...). Outcomes land in connection health like any real call. Expired and revoked
 * connections are skipped: only the user can fix those.
 */
export async function runHealthChecks(ctx: AppContext): Promise<{ checked: number; failed: number }> {
  const repo = connectionRepository(ctx.db);
  let checked = 0;
  let failed = 0;
  for (const row of await repo.listAll()) {
    if (row.status === 'expired' || row.status === 'revoked') continue;
    // A declared server (database, mail, SFTP) is checked over its own protocol; the outcome lands in health.
    if (declaredService(row.service_id)?.check) {
      checked++;
      if (!(await connectionService(ctx).check(row)).ok) failed++;
      continue;
    }
    const profile = serviceProfile(row.service_id);
    if (!profile?.check) continue;
    checked++;
    try {
      await profile.check(clientForConnection(ctx, row));
      await ctx.db.updateTable('integration_connection_health').set({ checked_at: new Date().toISOString() }).where('connection_id', '=', row.id).execute();
    } catch (err) {
      failed++;
      if (!(err instanceof AppError)) ctx.logger.warn({ err, connectionId: row.id }, 'connection health check crashed');
    }
  }
  return { checked, failed };
}

/** Runs the checks every ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES; returns a stop function. */
export function scheduleHealthChecks(ctx: AppContext): () => void {
  const minutes = ctx.config.ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES;
  if (minutes <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runHealthChecks(ctx)
      .then((r) => ctx.logger.debug(r, 'connection health checks done'))
      .catch((err: unknown) => ctx.logger.warn({ err }, 'connection health checks failed'))
      .finally(() => (running = false));
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
