import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../platform/index.js';
import { nowIso } from '../../platform/index.js';
import type { MemoryDocument, NewMemoryDocument } from '../tables.js';
import '../tables.js';

/** Rows whose principals (a JSON array of keys) include any of the caller's keys. */
const readableBy = (principals: readonly string[]) => (eb: ExpressionBuilder<Database, 'memory_documents'>) =>
  eb.or(principals.map((p) => sql<boolean>`${sql.ref('principals')} like ${`%${JSON.stringify(p).replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`));

/** Documents the memory knows, one row per (connection, external id). Every read is scoped by workspace. */
export function documentRepository(db: Kysely<Database>) {
  return {
    findByExternal: (connectionId: string, externalId: string) =>
      db.selectFrom('memory_documents').selectAll().where('connection_id', '=', connectionId).where('external_id', '=', externalId).executeTakeFirst(),

    /** One document, when the caller's principals may read it (when given). */
    get: (workspaceId: string, id: string, principals?: readonly string[]) =>
      db
        .selectFrom('memory_documents')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .$if(!!principals, (q) => q.where(readableBy(principals!)))
        .executeTakeFirst(),

    getMany: (workspaceId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([] as MemoryDocument[])
        : db.selectFrom('memory_documents').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute(),

    /** Maintenance only (orphan checks across the whole store). */
    getManyAnyWorkspace: async (ids: string[]) => {
      const out: { id: string }[] = [];
      for (let i = 0; i < ids.length; i += 500) out.push(...(await db.selectFrom('memory_documents').select('id').where('id', 'in', ids.slice(i, i + 500)).execute()));
      return out;
    },

    async save(doc: NewMemoryDocument): Promise<void> {
      const { id: _id, created_at: _c, workspace_id: _w, connection_id: _k, external_id: _e, ...changes } = doc;
      await db
        .insertInto('memory_documents')
        .values(doc)
        .onConflict((oc) => oc.columns(['connection_id', 'external_id']).doUpdateSet({ ...changes, updated_at: nowIso() }))
        .execute();
    },

    list: (workspaceId: string, principals: readonly string[], f: { connectionId?: string | undefined; status?: string | undefined; after?: string | undefined; limit: number }) =>
      db
        .selectFrom('memory_documents')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where(readableBy(principals))
        .$if(!!f.connectionId, (q) => q.where('connection_id', '=', f.connectionId!))
        .$if(!!f.status, (q) => q.where('status', '=', f.status!))
        .$if(!!f.after, (q) => q.where('id', '>', f.after!))
        .orderBy('id')
        .limit(f.limit)
        .execute(),

    /** Marks documents as seen by a sync run (so the end of a full listing knows what disappeared). */
    async markSeen(connectionId: string, externalIds: string[], runId: string): Promise<void> {
      for (let i = 0; i < externalIds.length; i += 500) {
        await db
          .updateTable('memory_documents')
          .set({ sync_run_id: runId })
          .where('connection_id', '=', connectionId)
          .where('external_id', 'in', externalIds.slice(i, i + 500))
          .execute();
      }
    },

    notSeenBy: (connectionId: string, runId: string) =>
      db
        .selectFrom('memory_documents')
        .select(['id', 'external_id'])
        .where('connection_id', '=', connectionId)
        .where((eb) => eb.or([eb('sync_run_id', 'is', null), eb('sync_run_id', '!=', runId)]))
        .execute(),

    idsOfConnection: (connectionId: string) => db.selectFrom('memory_documents').select(['id']).where('connection_id', '=', connectionId).execute(),

    async delete(ids: string[]): Promise<void> {
      for (let i = 0; i < ids.length; i += 500) await db.deleteFrom('memory_documents').where('id', 'in', ids.slice(i, i + 500)).execute();
    },

    allIndexedIds: (after: string | undefined, limit: number) =>
      db
        .selectFrom('memory_documents')
        .select(['id', 'workspace_id', 'chunk_count'])
        .where('status', '=', 'indexed')
        .$if(!!after, (q) => q.where('id', '>', after!))
        .orderBy('id')
        .limit(limit)
        .execute(),

    totals: (workspaceId: string) =>
      db
        .selectFrom('memory_documents')
        .select((eb) => ['source', 'mime', 'status', eb.fn.countAll<number>().as('documents'), eb.fn.sum<number>('chunk_count').as('chunks'), eb.fn.sum<number>('size_bytes').as('bytes')])
        .where('workspace_id', '=', workspaceId)
        .groupBy(['source', 'mime', 'status'])
        .execute(),
  };
}

export type DocumentRepository = ReturnType<typeof documentRepository>;
