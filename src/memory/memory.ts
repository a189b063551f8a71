import path from 'node:path';
import type { AppContext } from '../platform/index.js';
import { defaultChunkingOptions, type ChunkingOptions } from './chunk/index.js';
import { embedderFromConfig, withBatchingAndCache, type Embedder } from './embed/index.js';
import { defaultExtractionLimits, type ExtractionLimits } from './extract/index.js';
import { memoryMetrics, type MemoryMetrics } from './metrics.js';
import { createWriteBatcher, type WriteBatcher } from './pipeline/write-batcher.js';
import { connectionRepository, documentRepository, failureRepository, indexRepository, queryLogRepository, syncJobRepository, syncStateRepository } from './repositories/index.js';
import { createSearchThread } from './search/search-thread.js';
import { lit, litList, openLanceStore, type ChunkTable, type LanceStore, type StoreOptions } from './store/index.js';

export interface MemoryOptions {
  /** Embedder to use instead of the configured one (tests, benchmarks). */
  embedder?: Embedder;
  vectorIndexMinRows?: number;
  /** Vector index settings instead of the configured ones (benchmarks). */
  store?: Pick<StoreOptions, 'vectorIndex' | 'rowsPerPartition' | 'ef'>;
}

/** A table serving one embedder, with its write batcher. */
export interface ActiveIndex {
  embedder: Embedder & { cacheHits(): number };
  table: ChunkTable;
  writer: WriteBatcher;
  /** False while an old table of another model serves searches and its model cannot embed queries here. */
  vectorUsable: boolean;
}

const tableNameFor = (embedderId: string) => `chunks_${embedderId.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}`;

/**
 * The memory's shared resources: the LanceDB store, the index search uses, repositories, limits and
 * metrics. Built once per process and passed explicitly to the pipeline, search, sync and routes.
 */
export async function createMemory(ctx: AppContext, options: MemoryOptions = {}) {
  const { config, db } = ctx;
  const uri = config.ATOM_MEMORY_LANCEDB_URI ?? path.join(ctx.dataDir, 'lancedb');
  const storeOptions = {
    uri,
    vectorIndexMinRows: options.vectorIndexMinRows ?? config.ATOM_MEMORY_VECTOR_INDEX_MIN_ROWS,
    keepVersionsMs: config.ATOM_MEMORY_KEEP_VERSIONS_MINUTES * 60_000,
    settleMs: config.ATOM_MEMORY_SETTLE_SECONDS * 1000,
    nprobes: config.ATOM_MEMORY_VECTOR_NPROBES,
    refineFactor: config.ATOM_MEMORY_VECTOR_REFINE_FACTOR,
    vectorIndex: config.ATOM_MEMORY_VECTOR_INDEX,
    ...options.store,
  };
  const store: LanceStore = await openLanceStore({
    ...storeOptions,
    // Queue mode: workers and the other replicas write the same tables; see their writes within a second.
    ...(config.ATOM_REDIS_URL ? { readConsistencySeconds: 1 } : {}),
  });
  // Searches on a thread of their own (src/memory/search/search-thread.ts), started at the first search.
  const searchThread = config.ATOM_MEMORY_SEARCH_THREAD ? createSearchThread(storeOptions, ctx.logger) : undefined;
  const indexes = indexRepository(db);
  const configured = options.embedder ?? embedderFromConfig(config);

  const openIndex = async (embedder: Embedder): Promise<ActiveIndex> => {
    const table = await store.open(tableNameFor(embedder.id), embedder.dimensions);
    return { embedder: withBatchingAndCache(embedder), table, writer: createWriteBatcher(table), vectorUsable: true };
  };

  // The configured embedder's index is where new passages go. Search uses the active index: the same one,
  // unless the model changed and the new index is still being filled (then the previous one serves).
  const current = await openIndex(configured);
  const known = await indexes.all();
  const previousActive = known.find((i) => i.status === 'active' && i.embedder_id !== configured.id);
  const mine = known.find((i) => i.embedder_id === configured.id);
  if (!mine) await indexes.create(configured.id, current.table.name, configured.dimensions, previousActive ? 'building' : 'active');
  let searchIndex: ActiveIndex = current;
  let previous: { embedderId: string; table: ChunkTable } | undefined;
  if (previousActive && (mine?.status ?? 'building') === 'building') {
    const table = await store.open(previousActive.table_name, previousActive.dimensions);
    previous = { embedderId: previousActive.embedder_id, table };
    // Queries against the old table need the old model's vectors: only the local embedder can be rebuilt
    // from its id here; for others, search falls back to full-text on the old table until the swap.
    const [provider, model, dims] = previousActive.embedder_id.split(':');
    const { createLocalEmbedder } = await import('./embed/local.js');
    const oldEmbedder: Embedder | undefined = provider === 'local' && model === 'hash-ngram-v1' ? createLocalEmbedder(Number(dims)) : undefined;
    searchIndex = oldEmbedder ? { embedder: withBatchingAndCache(oldEmbedder), table, writer: createWriteBatcher(table), vectorUsable: true } : { ...current, table, vectorUsable: false };
  }

  const limits: ExtractionLimits = {
    ...defaultExtractionLimits,
    maxBytes: config.ATOM_MEMORY_MAX_FILE_BYTES,
    maxPages: config.ATOM_MEMORY_MAX_PAGES,
    maxDecompressedBytes: config.ATOM_MEMORY_MAX_DECOMPRESSED_BYTES,
  };
  const chunking: ChunkingOptions = { ...defaultChunkingOptions, maxTokens: config.ATOM_MEMORY_CHUNK_TOKENS, overlapTokens: config.ATOM_MEMORY_CHUNK_OVERLAP_TOKENS };
  const metrics: MemoryMetrics = memoryMetrics(ctx);

  const memory = {
    ctx,
    store,
    /** Where new passages are written. */
    index: current,
    /** Which index answers searches (the previous one while a re-embed is running). */
    searchIndex: () => searchIndex,
    /** Where searches run when not in the process (unset: ATOM_MEMORY_SEARCH_THREAD=false). */
    searchThread,
    /** The index being replaced by a re-embed, if one is running. */
    previousIndex: () => previous,
    limits,
    chunking,
    metrics,
    documents: documentRepository(db),
    connections: connectionRepository(db),
    failures: failureRepository(db),
    syncState: syncStateRepository(db),
    /** Progress of source syncs, shared by every process. */
    syncJobs: syncJobRepository(db),
    queries: queryLogRepository(db, { onError: (err) => ctx.logger.warn({ err: { message: (err as Error).message } }, 'could not write the memory query log') }),
    indexes,
    /** Removes documents everywhere: their passages from every table, then their rows. */
    async deleteDocuments(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await current.writer.flush();
      for (let i = 0; i < ids.length; i += 200) {
        const where = `document_id IN (${litList(ids.slice(i, i + 200))})`;
        await current.table.deleteWhere(where);
        if (previous) await previous.table.deleteWhere(where);
      }
      await memory.documents.delete(ids);
    },
    /** "Forget this connection": every document, passage, failure and cursor of it, then the connection. */
    async forgetConnection(connectionId: string): Promise<number> {
      const ids = (await memory.documents.idsOfConnection(connectionId)).map((d) => d.id);
      await current.writer.flush();
      await current.table.deleteWhere(`connection_id = ${lit(connectionId)}`);
      if (previous) await previous.table.deleteWhere(`connection_id = ${lit(connectionId)}`);
      await memory.documents.delete(ids);
      await memory.failures.clearConnection(connectionId);
      await memory.syncState.clear(connectionId);
      await memory.syncJobs.clearConnection(connectionId);
      await memory.connections.delete(connectionId);
      return ids.length;
    },
    /** The re-embed finished: the new index serves searches, the old table is dropped. */
    async promoteCurrentIndex(): Promise<void> {
      await indexes.setStatus(configured.id, 'active');
      if (previous) {
        await indexes.remove(previous.embedderId);
        await store.drop(previous.table.name);
      }
      previous = undefined;
      searchIndex = current;
    },
    async close(): Promise<void> {
      await memory.queries.flush();
      await searchThread?.close();
      await current.writer.flush().catch(() => undefined);
      await store.close();
    },
  };
  return memory;
}

export type Memory = Awaited<ReturnType<typeof createMemory>>;
