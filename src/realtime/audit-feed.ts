import { onAuditRecorded } from '../audit/index.js';
import type { AppContext } from '../platform/index.js';
import { publish } from './publish.js';

const fed = new WeakSet<AppContext>();

/**
 * New audit entries of a workspace go to the stream of whoever may read the audit log (`audit:read`, as
 * GET /api/audit checks): action, actor, target and outcome only; details stay behind the API.
 */
export function feedAuditEntries(ctx: AppContext): void {
  if (fed.has(ctx)) return;
  fed.add(ctx);
  const stop = onAuditRecorded((entry) => {
    if (!entry.workspaceId) return;
    void publish(ctx, {
      workspaceId: entry.workspaceId,
      type: 'audit.entry',
      resource: { kind: 'audit_entry', id: entry.id },
      permission: 'audit:read',
      data: { action: entry.action, actorId: entry.actorId, actorType: entry.actorType, target: entry.target ?? null, outcome: entry.outcome, occurredAt: entry.occurredAt },
    });
  });
  ctx.lifecycle.onShutdown('realtime-audit-feed', () => {
    stop();
  });
}
