import { AppError } from '../platform/index.js';
import { actsAsOwner } from '../platform/access/index.js';
import type { Principal } from '../platform/http/index.js';
import { isBuiltInRole } from './permissions.js';
import type { WorkspaceRepository } from './workspaces.js';

/** A role name that can be given in this workspace: built-in, or one of its custom roles. */
export async function assertRoleExists(workspaces: WorkspaceRepository, workspaceId: string, role: string, field = 'body.role'): Promise<void> {
  if (isBuiltInRole(role)) return;
  if (await workspaces.findRoleByName(workspaceId, role)) return;
  throw new AppError('members.unknown_role', `There is no role named "${role}" in this workspace.`, { status: 400, fields: [{ field, message: 'is not a role of this workspace' }] });
}

/** Only owners make owners, or change or remove one; and a workspace always keeps at least one owner. */
export async function assertMayChangeMember(
  workspaces: WorkspaceRepository,
  caller: Principal,
  target: { role: string },
  nextRole: string | undefined,
): Promise<void> {
  const touchesOwner = target.role === 'owner' || nextRole === 'owner';
  if (touchesOwner && !actsAsOwner(caller)) {
    throw new AppError('members.owner_only', 'Only an owner can make someone an owner or change an owner.', { status: 403 });
  }
  if (target.role === 'owner' && nextRole !== 'owner' && (await workspaces.countOwners(caller.workspaceId)) <= 1) {
    throw new AppError('members.last_owner', 'A workspace needs at least one owner. Make someone else an owner first.', { status: 409 });
  }
}

/** Only owners hand out the owner role, through an invitation or a token. */
export function assertMayGrant(caller: Principal, role: string): void {
  if (role === 'owner' && !actsAsOwner(caller)) {
    throw new AppError('members.owner_only', 'Only an owner can grant the owner role.', { status: 403 });
  }
}
