import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/index.js';
import type { MemorySyncState } from '../tables.js';

/** A connection's sync cursor, written after every page so a killed sync resumes where it stopped. */
export function syncStateRepository(db: Kysely<Database>) {
  return {
    get: (connectionId: string) => db.selectFrom('memory_sync_state').selectAll().where('connection_id', '=', connectionId).executeTakeFirst(),
    /**
     * Saves the cursor; with `leaseOwner`, only while that owner still holds the source's sync lease, in one
     * transaction with a write to the lease row, so a take-over (an UPDATE of that row) lands either before
     * (nothing saved, false) or after this save, never between the check and the save.
     */
    async save(s: Omit<MemorySyncState, 'updated_at'>, leaseOwner?: string): Promise<boolean> {
      const row = { ...s, updated_at: nowIso() };
      const { connection_id: _c, ...changes } = row;
      return db.transaction().execute(async (trx) => {
        if (leaseOwner !== undefined) {
          const held = await trx.updateTable('memory_connections').set({ sync_lease_owner: leaseOwner }).where('id', '=', s.connection_id).where('sync_lease_owner', '=', leaseOwner).executeTakeFirst();
          if (Number(held.numUpdatedRows) !== 1) return false;
        }
        await trx
          .insertInto('memory_sync_state')
          .values(row)
          .onConflict((oc) => oc.column('connection_id').doUpdateSet(changes))
          .execute();
        return true;
      });
    },
    clear: (connectionId: string) => db.deleteFrom('memory_sync_state').where('connection_id', '=', connectionId).execute(),
  };
}

export type SyncStateRepository = ReturnType<typeof syncStateRepository>;
