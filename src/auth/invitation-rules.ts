import { memberMayInvite } from './member-rules.js';
import type { AuthServices } from './services.js';

/**
 * An invitation link is only as good as its creator's right to create it now: a link outlives neither
 * its creator's membership nor their right to grant its role.
 */

/** The invitation, if its creator is still a member who may grant its role now; else undefined, and the link is revoked. */
export async function usableInvitation<T extends { id: string; workspace_id: string; invited_by: string; role: string }>(
  s: AuthServices,
  invitation: T | undefined,
): Promise<T | undefined> {
  if (!invitation) return undefined;
  const creator = await s.workspaces.membership(invitation.workspace_id, invitation.invited_by);
  if (creator && (await memberMayInvite(s.workspaces, invitation.workspace_id, creator, invitation.role))) return invitation;
  await s.invitations.revoke(invitation.workspace_id, invitation.id);
  return undefined;
}

/**
 * After a member's role changed or they left: revokes the open links they created that they could no
 * longer create. Returns the ids revoked.
 */
export async function revokeInvitationsBeyondCreator(s: AuthServices, workspaceId: string, userId: string): Promise<string[]> {
  const creator = await s.workspaces.membership(workspaceId, userId);
  const revoked: string[] = [];
  for (const invitation of await s.invitations.listOpenCreatedBy(workspaceId, userId)) {
    if (creator && (await memberMayInvite(s.workspaces, workspaceId, creator, invitation.role))) continue;
    if (await s.invitations.revoke(workspaceId, invitation.id)) revoked.push(invitation.id);
  }
  return revoked;
}
