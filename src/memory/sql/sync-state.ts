import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../platform/index.js';
import type { MemorySyncState } from '../tables.js';

/** A connection's sync cursor, written after every page so a killed sync resumes where it stopped. */
export function syncStateRepository(db: Kysely<Database>) {
  return {
    get: (connectionId: string) => db.selectFrom('memory_sync_state').selectAll().where('connection_id', '=', connectionId).executeTakeFirst(),
    async save(s: Omit<MemorySyncState, 'updated_at'>): Promise<void> {
      const row = { ...s, updated_at: nowIso() };
      const { connection_id: _c, ...changes } = row;
      await db
        .insertInto('memory_sync_state')
        .values(row)
        .onConflict((oc) => oc.column('connection_id').doUpdateSet(changes))
        .execute();
    },
    clear: (connectionId: string) => db.deleteFrom('memory_sync_state').where('connection_id', '=', connectionId).execute(),
  };
}

export type SyncStateRepository = ReturnType<typeof syncStateRepository>;
