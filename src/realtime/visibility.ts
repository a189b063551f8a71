import { can, type Actor } from '../platform/access/index.js';
import type { RealtimeEvent } from './schema.js';

/** Who holds a stream: the same principal the API resolves for each request, as the access policy sees it. */
export type Subscriber = Pick<Actor, 'userId' | 'workspaceId' | 'role' | 'permissions'> & Partial<Pick<Actor, 'via' | 'scopeRole'>>;

/**
 * Whether a subscriber may receive an event, by the access policy: a member of the event's workspace, the
 * permission the resource needs, and the audience (whoever may manage the workspace, or named users).
 */
export function canSee(subscriber: Subscriber, event: RealtimeEvent): boolean {
  const actor: Actor = { ...subscriber, via: subscriber.via ?? 'session' };
  if (!can(actor, 'read', { kind: 'workspace', workspaceId: event.workspaceId }).allowed) return false;
  if (event.permission && !subscriber.permissions.has(event.permission)) return false;
  const audience = event.audience;
  if (audience === 'workspace') return true;
  if (audience === 'admins') return can(actor, 'manage', { kind: 'workspace', workspaceId: event.workspaceId }).allowed;
  return audience.userIds.includes(subscriber.userId);
}
