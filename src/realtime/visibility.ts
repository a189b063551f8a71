import type { RealtimeEvent } from './schema.js';

/** Who holds a stream: the same principal the API resolves for each request. */
export interface Subscriber {
  userId: string;
  workspaceId: string;
  role: string;
  permissions: ReadonlySet<string>;
}

/**
 * Whether a subscriber may receive an event, by the API's rules: same workspace, the permission the
 * resource needs, and the audience (owners and admins, or named users).
 */
export function canSee(subscriber: Subscriber, event: RealtimeEvent): boolean {
  if (!subscriber.workspaceId || event.workspaceId !== subscriber.workspaceId) return false;
  if (event.permission && !subscriber.permissions.has(event.permission)) return false;
  const audience = event.audience;
  if (audience === 'workspace') return true;
  if (audience === 'admins') return subscriber.role === 'owner' || subscriber.role === 'admin';
  return audience.userIds.includes(subscriber.userId);
}
