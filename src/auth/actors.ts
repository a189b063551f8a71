import type { Actor } from '../platform/access/index.js';
import type { AppContext } from '../platform/index.js';
import { authServices } from './services.js';

/**
 * A member as the access policy sees them now, for work done on their behalf outside a request: a
 * workflow run (as its version's author), a trigger poll. Someone no longer in the workspace gets role
 * `none`, which the policy refuses everything.
 */
export async function memberActor(ctx: AppContext, workspaceId: string, userId: string, via: Actor['via']): Promise<Actor> {
  const { workspaces } = authServices(ctx);
  const membership = await workspaces.membership(workspaceId, userId);
  if (!membership) return { userId, workspaceId, role: 'none', permissions: new Set(), via };
  return { userId, workspaceId, role: membership.role, permissions: await workspaces.permissionsOf(workspaceId, membership.role), via };
}
