import type { Kysely, Selectable } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/index.js';
import type { ConnectionStatus } from '../../shared/connections.js';
import type { IntegrationConnectionsTable } from '../tables.js';
import '../tables.js';

export type ConnectionRow = Selectable<IntegrationConnectionsTable>;
export { connectionStatuses, type ConnectionStatus } from '../../shared/connections.js';

export interface NewConnection {
  workspaceId: string;
  userId: string | null;
  serviceId: string;
  label: string;
  authKind: string;
  credentialsSealed: string;
  scopes: string[];
  accountLabel: string | null;
  expiresAt: string | null;
  createdBy: string;
  /** The account identity the provider vouched for (oauth/identity.ts); never one a person typed. */
  identity?: VerifiedIdentity | null | undefined;
}

/** An account identity a provider vouched for: its e-mail, and its organisation's domain when it said. */
export interface VerifiedIdentity {
  email: string;
  domain: string | null;
}

/** Connections of a workspace (and personal ones of its users). Every read is scoped by workspace. */
export function connectionRepository(db: Kysely<Database>) {
  return {
    async create(c: NewConnection): Promise<ConnectionRow> {
      const now = nowIso();
      const row: ConnectionRow = {
        id: newId('conn'),
        workspace_id: c.workspaceId,
        user_id: c.userId,
        service_id: c.serviceId,
        label: c.label,
        auth_kind: c.authKind,
        status: 'healthy',
        credentials_sealed: c.credentialsSealed,
        scopes: JSON.stringify(c.scopes),
        account_label: c.accountLabel,
        verified_email: c.identity?.email.toLowerCase() ?? null,
        verified_domain: c.identity?.domain?.toLowerCase() ?? null,
        expires_at: c.expiresAt,
        refresh_lease_owner: null,
        refresh_lease_until: null,
        created_by: c.createdBy,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('integration_connections').values(row).execute();
      return row;
    },

    /**
     * A connection the member may see (shared, or their own personal one), as one query. Kept for callers
     * not yet moved to the access policy; a decision about using a connection asks the policy (connections/use.ts).
     */
    async findVisible(workspaceId: string, userId: string, id: string): Promise<ConnectionRow | undefined> {
      return db
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)]))
        .executeTakeFirst();
    },

    /** For background work that already knows the workspace (refresh, health checks). */
    async findInWorkspace(workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
      return db.selectFrom('integration_connections').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    },

    /**
     * The connections a member may see, as one efficient query: the workspace's shared ones and their own
     * personal ones (the access policy's connection rule, as SQL). Decisions about one connection ask the
     * policy (`can`), not this filter.
     */
    async listVisible(workspaceId: string, userId: string, serviceId?: string): Promise<ConnectionRow[]> {
      return db
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', userId)]))
        .$if(serviceId !== undefined, (q) => q.where('service_id', '=', serviceId!))
        .orderBy('created_at', 'desc')
        .execute();
    },

    /**
     * The verified identities of a member's own personal connections in a workspace: who the provider says
     * this member is. A shared connection speaks for the workspace, not for whoever is using it, so it
     * gives nobody an identity (see docs/auth.md, "Whose documents a member can find").
     */
    async verifiedIdentitiesOf(workspaceId: string, userId: string): Promise<VerifiedIdentity[]> {
      const rows = await db
        .selectFrom('integration_connections')
        .select(['verified_email', 'verified_domain'])
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where('verified_email', 'is not', null)
        .execute();
      return rows.map((r) => ({ email: r.verified_email!, domain: r.verified_domain }));
    },

    /** Shared (non-personal) connections of one service in a workspace, for workflow steps and triggers. */
    async listShared(workspaceId: string, serviceId: string): Promise<ConnectionRow[]> {
      return db
        .selectFrom('integration_connections')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('service_id', '=', serviceId)
        .where('user_id', 'is', null)
        .orderBy('created_at')
        .execute();
    },

    /** Every connection, for the periodic health check. */
    async listAll(limit = 10_000): Promise<ConnectionRow[]> {
      return db.selectFrom('integration_connections').selectAll().orderBy('id').limit(limit).execute();
    },

    async saveCredentials(workspaceId: string, id: string, sealed: string, expiresAt: string | null): Promise<void> {
      await db
        .updateTable('integration_connections')
        .set({ credentials_sealed: sealed, expires_at: expiresAt, refresh_lease_owner: null, refresh_lease_until: null, updated_at: nowIso() })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },

    /**
     * Takes the refresh lease of a connection when nobody holds it (or the holder's lease lapsed): one
     * conditional UPDATE, so exactly one process wins on SQLite and PostgreSQL alike.
     */
    async tryLease(workspaceId: string, id: string, owner: string, ttlMs: number): Promise<boolean> {
      const now = new Date();
      const r = await db
        .updateTable('integration_connections')
        .set({ refresh_lease_owner: owner, refresh_lease_until: new Date(now.getTime() + ttlMs).toISOString() })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', now.toISOString())]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async releaseLease(workspaceId: string, id: string, owner: string): Promise<void> {
      await db
        .updateTable('integration_connections')
        .set({ refresh_lease_owner: null, refresh_lease_until: null })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('refresh_lease_owner', '=', owner)
        .execute();
    },

    async setStatus(workspaceId: string, id: string, status: ConnectionStatus): Promise<void> {
      await db.updateTable('integration_connections').set({ status, updated_at: nowIso() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('integration_connection_events').where('workspace_id', '=', workspaceId).where('connection_id', '=', id).execute();
      await db.deleteFrom('integration_connection_health').where('workspace_id', '=', workspaceId).where('connection_id', '=', id).execute();
      await db.deleteFrom('integration_connections').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },
  };
}

export type ConnectionRepository = ReturnType<typeof connectionRepository>;
