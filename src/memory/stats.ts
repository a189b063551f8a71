import { typeNameOf } from './extract/index.js';
import type { Memory } from './memory.js';
import type { IngestProgress } from './pipeline/ingest-job.js';
import type { MemoryStats } from '../shared/memory.js';

export { statsSchema } from '../shared/memory.js';

type CountRow = MemoryStats['bySource'][string];

export const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

/** The numbers behind GET /api/memory/stats (workspace-scoped; the store figures are the whole table). */
export async function memoryStats(memory: Memory, workspaceId: string, jobs: IngestProgress[]): Promise<MemoryStats> {
  const rows = await memory.documents.totals(workspaceId);
  const bySource: Record<string, CountRow> = {};
  const byType: Record<string, CountRow> = {};
  const totals = { documents: 0, chunks: 0, bytes: 0, failed: 0 };
  for (const r of rows) {
    const docs = Number(r.documents);
    if (r.status === 'failed') {
      totals.failed += docs;
      continue;
    }
    const add = (bucket: Record<string, CountRow>, key: string) => {
      const b = (bucket[key] ??= { documents: 0, chunks: 0, bytes: 0 });
      b.documents += docs;
      b.chunks += Number(r.chunks ?? 0);
      b.bytes += Number(r.bytes ?? 0);
    };
    add(bySource, r.source);
    add(byType, typeNameOf(r.mime));
    totals.documents += docs;
    totals.chunks += Number(r.chunks ?? 0);
    totals.bytes += Number(r.bytes ?? 0);
  }
  const byCode = Object.fromEntries((await memory.failures.countsByCode(workspaceId)).map((f) => [f.code, Number(f.count)]));
  const recent = (await memory.failures.list(workspaceId, 20)).map((f) => ({ name: f.name, code: f.code, reason: f.reason, occurredAt: f.occurred_at }));
  const sources = (await memory.connections.list(workspaceId)).map((c) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    status: c.status,
    lastSyncFinishedAt: c.last_sync_finished_at,
    syncLagSeconds: c.last_sync_finished_at ? Math.round((Date.now() - Date.parse(c.last_sync_finished_at)) / 1000) : null,
    lastError: c.last_error,
  }));
  const finished = jobs.filter((j) => j.workspaceId === workspaceId && j.finishedAt);
  const seconds = finished.reduce((s, j) => s + (Date.parse(j.finishedAt!) - Date.parse(j.startedAt)) / 1000, 0);
  const since = new Date(Date.now() - 24 * 3600_000).toISOString();
  const latencies = await memory.queries.latencies(workspaceId, since);
  const { table, embedder } = memory.index;
  const store = await table.stats();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    totals,
    bySource,
    byType,
    failures: { byCode, recent },
    sources,
    throughput: {
      documentsPerSecond: seconds > 0 ? round(finished.reduce((s, j) => s + j.done, 0) / seconds) : 0,
      chunksPerSecond: seconds > 0 ? round(finished.reduce((s, j) => s + j.chunks, 0) / seconds) : 0,
      recentJobs: finished.length,
    },
    search: {
      last24h: latencies.length,
      latencyMs: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)), p99: round(percentile(latencies, 99)) },
      topQueries: (await memory.queries.top(workspaceId, since, false)).map((q) => ({ query: q.query, count: Number(q.count) })),
      zeroResultQueries: (await memory.queries.top(workspaceId, since, true)).map((q) => ({ query: q.query, count: Number(q.count) })),
    },
    store: { table: table.name, embedder: embedder.id, dimensions: embedder.dimensions, rows: store.rows, bytes: store.bytes, versions: store.versions, indexes: store.indexes, reembedding: memory.previousIndex() !== undefined },
  };
}
