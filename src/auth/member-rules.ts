import { AppError } from '../platform/index.js';
import { actsAsOwner, assertCan, assertMayDelegate, can, type Actor } from '../platform/access/index.js';
import { isBuiltInRole } from './permissions.js';
import type { WorkspaceRepository } from './workspaces.js';

/** A role name that can be given in this workspace: built-in, or one of its custom roles. */
export async function assertRoleExists(workspaces: WorkspaceRepository, workspaceId: string, role: string, field = 'body.role'): Promise<void> {
  if (isBuiltInRole(role)) return;
  if (await workspaces.findRoleByName(workspaceId, role)) return;
  throw new AppError('members.unknown_role', `There is no role named "${role}" in this workspace.`, { status: 400, fields: [{ field, message: 'is not a role of this workspace' }] });
}

const ownerOnly = () => new AppError('members.owner_only', 'Only an owner can grant the owner role.', { status: 403 });

/**
 * Hands on a role (to a token, an invitation or a member): only owners grant the owner role, and nobody
 * grants a role holding a permission they do not hold now (the access policy's delegation rule).
 */
export async function assertMayGrant(workspaces: WorkspaceRepository, caller: Actor, role: string): Promise<void> {
  if (role === 'owner' && !actsAsOwner(caller)) throw ownerOnly();
  assertMayDelegate(caller, await workspaces.permissionsOf(caller.workspaceId, role));
}

/**
 * Changes a member's role (`nextRole`) or removes them (`undefined`): the caller must be allowed to touch
 * that member (owners only by owners, nobody who holds more than the caller) and to grant the new role;
 * a workspace always keeps at least one owner.
 */
export async function assertMayChangeMember(
  workspaces: WorkspaceRepository,
  caller: Actor,
  target: { user_id: string; role: string },
  nextRole: string | undefined,
): Promise<void> {
  const held = await workspaces.permissionsOf(caller.workspaceId, target.role);
  const resource = { kind: 'member' as const, workspaceId: caller.workspaceId, userId: target.user_id, role: target.role, permissions: [...held] };
  assertCan(caller, nextRole === undefined ? 'remove' : 'change_role', resource);
  if (nextRole !== undefined) await assertMayGrant(workspaces, caller, nextRole);
  if (target.role === 'owner' && nextRole !== 'owner' && (await workspaces.countOwners(caller.workspaceId)) <= 1) {
    throw new AppError('members.last_owner', 'A workspace needs at least one owner. Make someone else an owner first.', { status: 409 });
  }
}

/**
 * Whether a member, as their role is now, may still invite someone with `role`: what an invitation
 * link is checked against when its creator is demoted and when it is used.
 */
export async function memberMayInvite(workspaces: WorkspaceRepository, workspaceId: string, member: { user_id: string; role: string }, role: string): Promise<boolean> {
  const actor: Actor = { userId: member.user_id, workspaceId, role: member.role, permissions: await workspaces.permissionsOf(workspaceId, member.role), via: 'system' };
  if (role === 'owner' && !actsAsOwner(actor)) return false;
  return can(actor, 'grant', { kind: 'role', workspaceId, permissions: [...(await workspaces.permissionsOf(workspaceId, role))] }).allowed;
}
