import type { Kysely } from 'kysely';
import { onAuditRecorded } from '../audit/index.js';
import type { ConnectionHealthChange } from '../integrations/connections/health-listeners.js';
import { perContext, type AppContext, type Database } from '../platform/index.js';
import { accessChangeOf, announceAccessChange } from './access-changes.js';
import { publish } from './publish.js';

const feeding = perContext(() => ({ started: false }));

/**
 * Listener hooks of domains above realtime, passed in by src/modules.ts (processDeps, in both processes): those domains publish
 * through realtime, so realtime must not import them back (an import cycle).
 */
export interface DomainFeedSources {
  onConnectionHealthChanged?: ((db: Kysely<Database>, listener: (change: ConnectionHealthChange) => void) => () => void) | undefined;
}

/**
 * Forwards what other domains report through their listeners to the live streams (API and worker
 * processes both call this once):
 * - new audit entries to whoever may read the audit log (`audit:read`, as GET /api/audit checks):
 *   action, actor, target and outcome only; details stay behind the API;
 * - connection health changes to whoever may see the connection (`connections:read`; a personal
 *   connection only to its owner, as the connections API lists them);
 * - access changes (a member's role or membership, a role's permissions, ended tokens or sessions) as
 *   `access.changed`, so open sockets and streams on every process re-check their holders at once.
 */
export function feedDomainEvents(ctx: AppContext, sources: DomainFeedSources = {}): void {
  const state = feeding(ctx);
  if (state.started) return;
  state.started = true;
  const stops = [
    onAuditRecorded(ctx.db, (entry) => {
      if (!entry.workspaceId) return;
      const change = accessChangeOf(entry);
      if (change) announceAccessChange(ctx, change);
      void publish(ctx, {
        workspaceId: entry.workspaceId,
        type: 'audit.entry',
        resource: { kind: 'audit_entry', id: entry.id },
        permission: 'audit:read',
        data: { action: entry.action, actorId: entry.actorId, actorType: entry.actorType, target: entry.target ?? null, outcome: entry.outcome, occurredAt: entry.occurredAt },
      });
    }),
    sources.onConnectionHealthChanged?.(ctx.db, (change) => {
      void publish(ctx, {
        workspaceId: change.workspaceId,
        type: 'connection.health_changed',
        resource: { kind: 'connection', id: change.connectionId },
        audience: change.userId ? { userIds: [change.userId] } : 'workspace',
        permission: 'connections:read',
        data: { connectionId: change.connectionId, serviceId: change.serviceId, label: change.label, from: change.from, to: change.to, error: change.error },
      });
    }) ?? (() => undefined),
  ];
  ctx.lifecycle.onShutdown('realtime-feeds', () => {
    for (const stop of stops) stop();
  });
}
