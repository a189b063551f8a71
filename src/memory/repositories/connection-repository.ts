import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId, nowIso, parseJsonColumn, type Database } from '../../platform/index.js';
import type { MemoryConnection } from '../tables.js';

export type ConnectionKind = 'upload' | 'folder' | 'google_drive' | 'onedrive';

/**
 * A source's settings (its `settings` JSON column). Keys no longer accepted (an API `baseUrl` of old rows)
 * are dropped on read: API addresses are server configuration.
 */
export const sourceSettingsSchema = z.object({
  /** A shared drive (Google) or a Graph drive (OneDrive); the account's own drive when absent. */
  driveId: z.string().min(1).optional(),
  /** The integrations connection whose sign-in the source syncs with. */
  integrationConnectionId: z.string().min(1).optional(),
  /** Imported folders: the folder's absolute path. */
  path: z.string().optional(),
});
export type SourceSettings = z.infer<typeof sourceSettingsSchema>;

/** The one way to read a source's settings. */
export const sourceSettingsOf = (c: Pick<MemoryConnection, 'settings'>): SourceSettings =>
  parseJsonColumn(sourceSettingsSchema, c.settings, { column: 'memory_connections.settings' });

/** Where documents come from: one row per source account (and one "uploads" source per workspace). */
export function connectionRepository(db: Kysely<Database>) {
  const repo = {
    get: (workspaceId: string, id: string) =>
      db.selectFrom('memory_connections').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst(),

    list: (workspaceId: string) => db.selectFrom('memory_connections').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute(),

    async create(c: { workspaceId: string; kind: ConnectionKind; name: string; ownerUserId?: string | null; accountEmail?: string | null; settings?: Record<string, unknown>; id?: string }): Promise<MemoryConnection> {
      const now = nowIso();
      const row = {
        id: c.id ?? newId('mcon'),
        workspace_id: c.workspaceId,
        kind: c.kind,
        name: c.name,
        owner_user_id: c.ownerUserId ?? null,
        account_email: c.accountEmail?.toLowerCase() ?? null,
        settings: JSON.stringify(c.settings ?? {}),
        status: 'idle',
        last_error: null,
        last_sync_started_at: null,
        last_sync_finished_at: null,
        sync_lease_owner: null,
        sync_lease_until: null,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('memory_connections').values(row).execute();
      return row;
    },

    /** The workspace's single source for uploads and imported folders of one kind, created on first use. */
    async ensure(workspaceId: string, kind: 'upload' | 'folder', name: string): Promise<MemoryConnection> {
      const id = `mcon_${kind}_${workspaceId}`;
      const found = await repo.get(workspaceId, id);
      if (found) return found;
      try {
        return await repo.create({ id, workspaceId, kind, name });
      } catch {
        // Two first uploads at once: the other one created it.
        return (await repo.get(workspaceId, id))!;
      }
    },

    async setStatus(id: string, status: string, fields: { lastError?: string | null; startedAt?: string; finishedAt?: string } = {}) {
      await db
        .updateTable('memory_connections')
        .set({
          status,
          updated_at: nowIso(),
          ...(fields.lastError !== undefined ? { last_error: fields.lastError } : {}),
          ...(fields.startedAt ? { last_sync_started_at: fields.startedAt } : {}),
          ...(fields.finishedAt ? { last_sync_finished_at: fields.finishedAt } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    /** Every Drive / OneDrive source of every workspace, for the scheduled sync. */
    listSyncable: () => db.selectFrom('memory_connections').selectAll().where('kind', 'in', ['google_drive', 'onedrive']).orderBy('id').execute(),

    /**
     * Takes (or renews, for its holder) the sync lease of a source when nobody else holds it or theirs
     * lapsed: one conditional UPDATE, so exactly one process wins on SQLite and PostgreSQL alike.
     */
    async tryLease(id: string, owner: string, ttlMs: number): Promise<boolean> {
      const now = new Date();
      const r = await db
        .updateTable('memory_connections')
        .set({ sync_lease_owner: owner, sync_lease_until: new Date(now.getTime() + ttlMs).toISOString() })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('sync_lease_owner', 'is', null), eb('sync_lease_owner', '=', owner), eb('sync_lease_until', '<', now.toISOString())]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /**
     * Takes the sync lease from a holder known to be gone (its job row stopped its heartbeat). Conditional on
     * that holder still holding it, so of two processes that both find it gone, one takes over.
     */
    async takeOverLease(id: string, goneOwner: string, owner: string, ttlMs: number): Promise<boolean> {
      const r = await db
        .updateTable('memory_connections')
        .set({ sync_lease_owner: owner, sync_lease_until: new Date(Date.now() + ttlMs).toISOString() })
        .where('id', '=', id)
        .where('sync_lease_owner', '=', goneOwner)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    releaseLease: (id: string, owner: string) =>
      db.updateTable('memory_connections').set({ sync_lease_owner: null, sync_lease_until: null }).where('id', '=', id).where('sync_lease_owner', '=', owner).execute(),

    delete: (id: string) => db.deleteFrom('memory_connections').where('id', '=', id).execute(),
  };
  return repo;
}

export type ConnectionRepository = ReturnType<typeof connectionRepository>;
