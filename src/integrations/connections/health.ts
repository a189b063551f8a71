import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isPostgresDb, newId, nowIso, type Database } from '../../platform/index.js';
import type { CallOutcome } from '../http/index.js';
import { listenedTo, tellHealthListeners } from './health-listeners.js';
import type { ConnectionStatus } from './connection-repository.js';
import '../tables.js';

/** How many recent outcomes the error rate and latency are computed over. */
const WINDOW = 20;
/** Consecutive failures after which a connection is `error` rather than `degraded`. */
const ERROR_AFTER = 3;
/** Error rate over the window above which a working connection still counts as `degraded`. */
const DEGRADED_RATE = 0.25;
const EVENTS_KEPT = 50;

const recentSchema = z.array(z.object({ ok: z.boolean(), ms: z.number(), at: z.string() }));
type Recent = z.infer<typeof recentSchema>;

export interface ConnectionHealth {
  status: ConnectionStatus;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: { code: string | null; message: string } | null;
  consecutiveFailures: number;
  /** Share of failed calls among the latest ones (0..1). */
  errorRate: number;
  /** Mean latency of the latest calls, in milliseconds. */
  latencyMs: number | null;
  calls: number;
  checkedAt: string | null;
  /** True when the user must sign in to the service again (expired or revoked credentials). */
  needsReconnect: boolean;
}

/** The status a connection's recent history amounts to; `expired`/`revoked` come from auth outcomes. */
export function statusFrom(recent: Recent, consecutiveFailures: number, authFailed: boolean): ConnectionStatus {
  if (authFailed) return 'expired';
  if (consecutiveFailures >= ERROR_AFTER) return 'error';
  if (consecutiveFailures > 0) return 'degraded';
  const failures = recent.filter((r) => !r.ok).length;
  return recent.length > 0 && failures / recent.length > DEGRADED_RATE ? 'degraded' : 'healthy';
}

/** Outcomes that say nothing about the service itself (our own input, a cancelled step) are not counted. */
const neutralCodes: ReadonlySet<string> = new Set(['integrations.http.bad_request', 'integrations.http.not_found', 'integrations.http.conflict', 'integrations.http.cancelled']);

// The adapter tells the dialect apart without the app context (SQLite serialises writers by itself).

export function connectionHealthStore(db: Kysely<Database>) {
  const read = async (workspaceId: string, connectionId: string) =>
    db.selectFrom('integration_connection_health').selectAll().where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId).executeTakeFirst();

  const store = {
    /** Folds one real call (or health check) into the connection's health; returns the new status. */
    async record(workspaceId: string, connectionId: string, outcome: CallOutcome, opts: { check?: boolean } = {}): Promise<ConnectionStatus | undefined> {
      if (!outcome.ok && outcome.code && neutralCodes.has(outcome.code)) return undefined;
      // Read-modify-write under a lock: concurrent calls on one connection (parallel steps, several workers)
      // each fold in their outcome, rather than racing on the first insert or overwriting each other's window.
      const { before, status } = await db.transaction().execute(async (trx) => {
        // An empty row reads exactly as no row (healthy, no calls); on SQLite this write takes the write lock.
        await trx
          .insertInto('integration_connection_health')
          .values({ connection_id: connectionId, workspace_id: workspaceId, status: 'healthy', recent: '[]', consecutive_failures: 0, updated_at: nowIso(), last_success_at: null, last_error_at: null, last_error_code: null, last_error_message: null, checked_at: null })
          .onConflict((oc) => oc.column('connection_id').doNothing())
          .execute();
        const query = trx.selectFrom('integration_connection_health').selectAll().where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId);
        const row = await (isPostgresDb(trx) ? query.forUpdate() : query).executeTakeFirstOrThrow();
        // Stamped once the lock is held, so the window stays in the order the outcomes were folded in.
        const now = nowIso();
        const recent = [...recentSchema.parse(JSON.parse(row.recent)), { ok: outcome.ok, ms: outcome.latencyMs, at: now }].slice(-WINDOW);
        const consecutive = outcome.ok ? 0 : row.consecutive_failures + 1;
        const authFailed = !outcome.ok && outcome.code === 'integrations.http.unauthorized';
        const next = statusFrom(recent, consecutive, authFailed);
        await trx
          .updateTable('integration_connection_health')
          .set({
            status: next,
            recent: JSON.stringify(recent),
            consecutive_failures: consecutive,
            updated_at: now,
            ...(opts.check ? { checked_at: now } : {}),
            ...(outcome.ok
              ? { last_success_at: now }
              : { last_error_at: now, last_error_code: outcome.code ?? null, last_error_message: outcome.message ?? 'The call failed.' }),
          })
          .where('workspace_id', '=', workspaceId)
          .where('connection_id', '=', connectionId)
          .execute();
        await trx.updateTable('integration_connections').set({ status: next, updated_at: now }).where('workspace_id', '=', workspaceId).where('id', '=', connectionId).execute();
        return { before: row.status as ConnectionStatus, status: next };
      });
      if (!outcome.ok) await store.event(workspaceId, connectionId, 'error', outcome.message ?? 'The call failed.', outcome.code ?? null);
      if (listenedTo(db) && before !== status) {
        const c = await db.selectFrom('integration_connections').select(['user_id', 'service_id', 'label']).where('workspace_id', '=', workspaceId).where('id', '=', connectionId).executeTakeFirst();
        if (c) tellHealthListeners(db, { workspaceId, connectionId, userId: c.user_id, serviceId: c.service_id, label: c.label, from: before, to: status, error: outcome.ok ? null : { code: outcome.code ?? null, message: outcome.message ?? 'The call failed.' } });
      }
      return status;
    },

    async event(workspaceId: string, connectionId: string, kind: string, message: string, code: string | null = null): Promise<void> {
      await db.insertInto('integration_connection_events').values({ id: newId(), connection_id: connectionId, workspace_id: workspaceId, at: nowIso(), kind, code, message }).execute();
      // Keep only the latest events per connection.
      const old = await db
        .selectFrom('integration_connection_events')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('connection_id', '=', connectionId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .offset(EVENTS_KEPT)
        .limit(1000)
        .execute();
      if (old.length > 0) await db.deleteFrom('integration_connection_events').where('id', 'in', old.map((o) => o.id)).execute();
    },

    async recentEvents(workspaceId: string, connectionId: string, limit = 20) {
      const rows = await db
        .selectFrom('integration_connection_events')
        .select(['at', 'kind', 'code', 'message'])
        .where('workspace_id', '=', workspaceId)
        .where('connection_id', '=', connectionId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows;
    },

    async get(workspaceId: string, connectionId: string, connectionStatus: ConnectionStatus): Promise<ConnectionHealth> {
      const row = await read(workspaceId, connectionId);
      const recent = row ? recentSchema.parse(JSON.parse(row.recent)) : [];
      // Expired / revoked are set on the connection itself (refresh failure, revocation) and win.
      const status = connectionStatus === 'expired' || connectionStatus === 'revoked' ? connectionStatus : ((row?.status as ConnectionStatus | undefined) ?? connectionStatus);
      return {
        status,
        lastSuccessAt: row?.last_success_at ?? null,
        lastErrorAt: row?.last_error_at ?? null,
        lastError: row?.last_error_message ? { code: row.last_error_code, message: row.last_error_message } : null,
        consecutiveFailures: row?.consecutive_failures ?? 0,
        errorRate: recent.length ? Math.round((recent.filter((r) => !r.ok).length / recent.length) * 1000) / 1000 : 0,
        latencyMs: recent.length ? Math.round(recent.reduce((n, r) => n + r.ms, 0) / recent.length) : null,
        calls: recent.length,
        checkedAt: row?.checked_at ?? null,
        needsReconnect: status === 'expired' || status === 'revoked',
      };
    },
  };
  return store;
}

export type ConnectionHealthStore = ReturnType<typeof connectionHealthStore>;
