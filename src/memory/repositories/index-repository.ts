import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/index.js';

/** Which LanceDB table serves which embedder, and which one search uses (the active one). */
export function indexRepository(db: Kysely<Database>) {
  return {
    all: () => db.selectFrom('memory_indexes').selectAll().orderBy('created_at').execute(),
    byEmbedder: (embedderId: string) => db.selectFrom('memory_indexes').selectAll().where('embedder_id', '=', embedderId).executeTakeFirst(),
    async create(embedderId: string, tableName: string, dimensions: number, status: 'active' | 'building') {
      const now = nowIso();
      await db
        .insertInto('memory_indexes')
        .values({ id: newId('midx'), embedder_id: embedderId, table_name: tableName, dimensions, status, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('embedder_id').doNothing())
        .execute();
    },
    async setStatus(embedderId: string, status: 'active' | 'building' | 'retired', documentsDone?: number) {
      await db
        .updateTable('memory_indexes')
        .set({ status, updated_at: nowIso(), ...(documentsDone !== undefined ? { documents_done: documentsDone } : {}) })
        .where('embedder_id', '=', embedderId)
        .execute();
    },
    remove: (embedderId: string) => db.deleteFrom('memory_indexes').where('embedder_id', '=', embedderId).execute(),
  };
}
