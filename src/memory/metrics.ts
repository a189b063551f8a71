import { Counter, Histogram } from 'prom-client';
import type { AppContext } from '../platform/index.js';

/** The memory's Prometheus metrics (atom_memory_*), registered once per app registry. */
export function memoryMetrics(ctx: AppContext) {
  const registry = ctx.metrics.registry;
  const existing = registry.getSingleMetric('atom_memory_documents_total');
  if (existing) return (registry as unknown as { __atomMemory: ReturnType<typeof build> }).__atomMemory;
  const m = build(registry);
  (registry as unknown as { __atomMemory: typeof m }).__atomMemory = m;
  return m;
}

function build(registry: AppContext['metrics']['registry']) {
  return {
    documents: new Counter({ name: 'atom_memory_documents_total', help: 'Documents processed by the memory pipeline, by source and outcome.', labelNames: ['source', 'outcome'], registers: [registry] }),
    chunks: new Counter({ name: 'atom_memory_chunks_written_total', help: 'Passages written to the memory store.', labelNames: ['source'], registers: [registry] }),
    failures: new Counter({ name: 'atom_memory_failures_total', help: 'Files skipped, by reason code.', labelNames: ['code'], registers: [registry] }),
    bytes: new Counter({ name: 'atom_memory_ingested_bytes_total', help: 'Bytes of files read by the memory pipeline.', labelNames: ['source'], registers: [registry] }),
    searchDuration: new Histogram({
      name: 'atom_memory_search_duration_seconds',
      help: 'Memory search latency.',
      labelNames: ['mode'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    searchResults: new Counter({ name: 'atom_memory_searches_total', help: 'Memory searches, by whether they found anything.', labelNames: ['found'], registers: [registry] }),
    syncPages: new Counter({ name: 'atom_memory_sync_pages_total', help: 'Pages of source listings processed by syncs.', labelNames: ['source'], registers: [registry] }),
    throttled: new Counter({ name: 'atom_memory_sync_throttled_total', help: 'Source answers that asked the sync to slow down (429, 403 rate limit, 503).', labelNames: ['source'], registers: [registry] }),
  };
}

export type MemoryMetrics = ReturnType<typeof build>;
