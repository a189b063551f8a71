import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/index.js';

/** The latest extraction/download failure of each file, with its coded reason. */
export function failureRepository(db: Kysely<Database>) {
  return {
    async record(f: { workspaceId: string; connectionId: string; externalId: string; name: string; mime: string | null; code: string; reason: string }) {
      const values = { id: newId('mfail'), workspace_id: f.workspaceId, connection_id: f.connectionId, external_id: f.externalId, name: f.name, mime: f.mime, code: f.code, reason: f.reason, occurred_at: nowIso() };
      await db
        .insertInto('memory_failures')
        .values(values)
        .onConflict((oc) => oc.columns(['connection_id', 'external_id']).doUpdateSet({ name: f.name, mime: f.mime, code: f.code, reason: f.reason, occurred_at: values.occurred_at }))
        .execute();
    },
    clear: (connectionId: string, externalId: string) =>
      db.deleteFrom('memory_failures').where('connection_id', '=', connectionId).where('external_id', '=', externalId).execute(),
    clearConnection: (connectionId: string) => db.deleteFrom('memory_failures').where('connection_id', '=', connectionId).execute(),
    list: (workspaceId: string, limit = 100) =>
      db.selectFrom('memory_failures').selectAll().where('workspace_id', '=', workspaceId).orderBy('occurred_at', 'desc').limit(limit).execute(),
    countsByCode: (workspaceId: string) =>
      db
        .selectFrom('memory_failures')
        .select((eb) => ['code', eb.fn.countAll<number>().as('count')])
        .where('workspace_id', '=', workspaceId)
        .groupBy('code')
        .execute(),
  };
}

export type FailureRepository = ReturnType<typeof failureRepository>;
