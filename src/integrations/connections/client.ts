import type { AppContext } from '../../platform/index.js';
import { AppError } from '../../platform/index.js';
import { findService } from '../catalog/index.js';
import { createServiceClient, type ServiceClient } from '../http/index.js';
import { oauthEngine } from '../oauth/shared.js';
import type { PieceConnection } from '../pieces.js';
import { serviceProfile } from '../registry.js';
import { integrationRuntime } from '../runtime.js';
import { applyCredentials, type StoredCredentials } from './credentials.js';
import { connectionHealthStore } from './health.js';
import type { ConnectionRow } from './connection-repository.js';

/** The connection as a non-HTTP piece sees it (PieceContext.connection): credentials opened when asked. */
export function pieceConnection(ctx: AppContext, row: ConnectionRow): PieceConnection {
  return { id: row.id, credentials: () => oauthEngine(ctx).credentials(row) };
}

/**
 * A resilient client signed as one connection: refreshes tokens ahead of expiry, refreshes and retries once
 * on 401, and feeds every call's outcome into the connection's health.
 */
export function clientForConnection(ctx: AppContext, row: ConnectionRow, opts: { timeoutMs?: number } = {}): ServiceClient {
  const rt = integrationRuntime(ctx);
  const entry = findService(row.service_id);
  const resolved = rt.settings.resolve(row.service_id);
  if (!entry || !resolved) throw new AppError('integrations.service_not_found', `The service "${row.service_id}" is no longer known.`, { status: 404 });
  const engine = oauthEngine(ctx);
  const health = connectionHealthStore(ctx.db);
  const profile = serviceProfile(row.service_id);
  let current: StoredCredentials | undefined;
  let lastUsedToken: string | undefined;

  return createServiceClient({
    service: { id: entry.id, name: entry.name },
    baseUrl: resolved.apiBaseUrl,
    timeoutMs: opts.timeoutMs ?? ctx.config.ATOM_INTEGRATION_TIMEOUT_MS,
    limiter: rt.http.limiterFor(entry.id, profile?.limits),
    breaker: rt.http.breakerFor(row.id),
    cache: rt.http.cache,
    cacheScope: row.id,
    metrics: rt.http.metrics,
    ...(profile?.readFault ? { readFault: profile.readFault } : {}),
    credentials: {
      async apply(headers, url) {
        current = await engine.credentials(row, current ? { known: current } : {});
        lastUsedToken = current.kind === 'oauth2' ? current.accessToken : undefined;
        applyCredentials(entry, current, headers, url);
      },
      async onUnauthorized() {
        if (lastUsedToken === undefined) return false;
        try {
          current = await engine.credentials(row, { staleAccessToken: lastUsedToken });
          return true;
        } catch (err) {
          ctx.logger.warn({ connectionId: row.id, service: row.service_id, code: err instanceof AppError ? err.code : undefined }, 'token refresh after 401 failed');
          return false;
        }
      },
    },
    observe: async (outcome) => {
      await health.record(row.workspace_id, row.id, outcome).catch((err: unknown) => ctx.logger.warn({ err, connectionId: row.id }, 'could not record connection health'));
    },
  });
}
