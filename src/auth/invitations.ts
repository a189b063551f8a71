import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../platform/index.js';
import { hashSecret, randomSecret } from './secrets.js';
import './tables.js';

export interface InvitationView {
  id: string;
  email: string | null;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

const toView = (r: Database['auth_invitations']): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
});

/** Invitation links into a workspace: the link carries a secret whose hash is stored; used once. */
export function invitationRepository(db: Kysely<Database>) {
  return {
    async create(input: { workspaceId: string; email: string | null; role: string; invitedBy: string; validDays: number }) {
      const secret = randomSecret();
      const now = new Date();
      const row = {
        id: newId('inv'),
        token_hash: hashSecret(secret),
        workspace_id: input.workspaceId,
        email: input.email,
        role: input.role,
        invited_by: input.invitedBy,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + input.validDays * 86_400_000).toISOString(),
        accepted_at: null,
        accepted_by: null,
      };
      await db.insertInto('auth_invitations').values(row).execute();
      return { secret, view: toView(row) };
    },

    /** The open (unused, unexpired) invitation for a link secret. */
    async findOpen(secret: string) {
      const row = await db.selectFrom('auth_invitations').selectAll().where('token_hash', '=', hashSecret(secret)).executeTakeFirst();
      if (!row || row.accepted_at || Date.parse(row.expires_at) <= Date.now()) return undefined;
      return row;
    },

    /** Marks the invitation used; false when someone else used it first. */
    async markAccepted(id: string, userId: string, trx: Kysely<Database> = db): Promise<boolean> {
      const r = await trx
        .updateTable('auth_invitations')
        .set({ accepted_at: nowIso(), accepted_by: userId })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async listOpen(workspaceId: string): Promise<InvitationView[]> {
      const rows = await db
        .selectFrom('auth_invitations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', nowIso())
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toView);
    },

    /** Open invitations one member created in a workspace. */
    async listOpenCreatedBy(workspaceId: string, userId: string): Promise<InvitationView[]> {
      const rows = await db
        .selectFrom('auth_invitations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('invited_by', '=', userId)
        .where('accepted_at', 'is', null)
        .execute();
      return rows.map(toView);
    },

    async revoke(workspaceId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('auth_invitations').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

export type InvitationRepository = ReturnType<typeof invitationRepository>;

/** The newest open invitation addressed to an email (lets an SSO newcomer in when sign-up is by invitation). */
export async function findOpenInvitationForEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('auth_invitations')
    .selectAll()
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}
