import { sql, type Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../../platform/index.js';

/**
 * Searches as they happened: for latency percentiles, top queries and queries that found nothing.
 * A search records its line without waiting for it: lines are written together, a fraction of a second
 * later (one INSERT of many rows; under load, a commit per search cost each search a round trip to the
 * database and a disk flush). Reads of the log write what is pending first, so they see every search
 * recorded before them.
 */
export function queryLogRepository(db: Kysely<Database>, options: { flushMs?: number; maxBatch?: number; onError?: (err: unknown) => void } = {}) {
  type Line = { id: string; workspace_id: string; query: string; results: number; latency_ms: number; created_at: string };
  const flushMs = options.flushMs ?? 200;
  const maxBatch = options.maxBatch ?? 200;
  let pending: Line[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const lines = pending;
    pending = [];
    if (lines.length > 0) {
      // One write at a time, in order; a failed write loses its lines (a statistic), never the search.
      writing = writing.then(() => db.insertInto('memory_queries').values(lines).execute().then(() => undefined, (err: unknown) => options.onError?.(err)));
    }
    return writing;
  };
  return {
    /** Records a search; written within `flushMs` (or at once past `maxBatch` lines). */
    record(workspaceId: string, query: string, results: number, latencyMs: number): void {
      pending.push({ id: newId(), workspace_id: workspaceId, query: query.slice(0, 500), results, latency_ms: latencyMs, created_at: nowIso() });
      if (pending.length >= maxBatch) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    /** Writes what is recorded and not yet written. */
    flush,
    async latencies(workspaceId: string, since: string): Promise<number[]> {
      await flush();
      const rows = await db.selectFrom('memory_queries').select('latency_ms').where('workspace_id', '=', workspaceId).where('created_at', '>=', since).orderBy('latency_ms').limit(100_000).execute();
      return rows.map((r) => Number(r.latency_ms));
    },
    top: async (workspaceId: string, since: string, zeroOnly: boolean, limit = 10) => {
      await flush();
      return db
        .selectFrom('memory_queries')
        .select((eb) => [sql<string>`lower(query)`.as('query'), eb.fn.countAll<number>().as('count')])
        .where('workspace_id', '=', workspaceId)
        .where('created_at', '>=', since)
        .$if(zeroOnly, (q) => q.where('results', '=', 0))
        .groupBy(sql`lower(query)`)
        .orderBy('count', 'desc')
        .limit(limit)
        .execute();
    },
  };
}
