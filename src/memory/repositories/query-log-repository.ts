import { sql, type Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/index.js';

/** Searches as they happened: for latency percentiles, top queries and queries that found nothing. */
export function queryLogRepository(db: Kysely<Database>) {
  return {
    async log(workspaceId: string, query: string, results: number, latencyMs: number) {
      await db.insertInto('memory_queries').values({ id: newId(), workspace_id: workspaceId, query: query.slice(0, 500), results, latency_ms: latencyMs, created_at: nowIso() }).execute();
    },
    async latencies(workspaceId: string, since: string): Promise<number[]> {
      const rows = await db.selectFrom('memory_queries').select('latency_ms').where('workspace_id', '=', workspaceId).where('created_at', '>=', since).orderBy('latency_ms').limit(100_000).execute();
      return rows.map((r) => Number(r.latency_ms));
    },
    top: (workspaceId: string, since: string, zeroOnly: boolean, limit = 10) =>
      db
        .selectFrom('memory_queries')
        .select((eb) => [sql<string>`lower(query)`.as('query'), eb.fn.countAll<number>().as('count')])
        .where('workspace_id', '=', workspaceId)
        .where('created_at', '>=', since)
        .$if(zeroOnly, (q) => q.where('results', '=', 0))
        .groupBy(sql`lower(query)`)
        .orderBy('count', 'desc')
        .limit(limit)
        .execute(),
  };
}
