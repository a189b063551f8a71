import type { RecordedAudit } from '../audit/index.js';
import type { AppContext } from '../platform/index.js';
import { eventBus, publish } from './publish.js';
import type { RealtimeEvent } from './schema.js';

/** The event type that tells every process's sockets and streams to re-check their holders now. */
export const ACCESS_CHANGED = 'access.changed';

/** Whose access changed in a workspace: some members, or everyone (a role's permissions changed). */
export interface AccessChange {
  workspaceId: string;
  userIds: readonly string[] | 'everyone';
}

/**
 * The access change an audit entry reports, if any: a member's role changed or they were removed, a role's
 * permissions changed or it was deleted, someone's tokens or sessions ended. Read from the audit trail
 * because every such change is recorded there, whichever route or command made it.
 */
export function accessChangeOf(entry: RecordedAudit): AccessChange | undefined {
  if (!entry.workspaceId || entry.outcome !== 'success') return undefined;
  const workspaceId = entry.workspaceId;
  switch (entry.action) {
    case 'members.role_changed':
    case 'members.removed':
      return entry.target?.id ? { workspaceId, userIds: [entry.target.id] } : { workspaceId, userIds: 'everyone' };
    case 'roles.updated':
    case 'roles.deleted':
      return { workspaceId, userIds: 'everyone' };
    case 'auth.token_deleted':
    case 'auth.sessions_revoked':
    case 'auth.password_reset':
      return entry.actorId ? { workspaceId, userIds: [entry.actorId] } : undefined;
    default:
      return undefined;
  }
}

/** Publishes an access change on the event bus, so that it reaches every API process (Redis in queue mode). */
export function announceAccessChange(ctx: AppContext, change: AccessChange): void {
  void publish(ctx, {
    workspaceId: change.workspaceId,
    type: ACCESS_CHANGED,
    resource: { kind: 'workspace', id: change.workspaceId },
    audience: change.userIds === 'everyone' ? 'workspace' : { userIds: [...change.userIds] },
    data: {},
  });
}

/** Whether an event on the bus is an access change that concerns this member. */
export function concernsMember(event: RealtimeEvent, member: { workspaceId: string; userId: string }): boolean {
  if (event.type !== ACCESS_CHANGED || event.workspaceId !== member.workspaceId) return false;
  return event.audience === 'workspace' || event.audience === 'admins' || event.audience.userIds.includes(member.userId);
}

/**
 * Calls `listener` for every access change announced by any process. Sockets and streams re-check their
 * holders then, instead of waiting for their periodic re-check.
 *
 * @example
 * const stop = onAccessChange(ctx, (event) => { if (concernsMember(event, me)) void recheck(); });
 */
export function onAccessChange(ctx: AppContext, listener: (event: RealtimeEvent) => void): () => void {
  return eventBus(ctx).subscribe((event) => {
    if (event.type === ACCESS_CHANGED) listener(event);
  });
}
