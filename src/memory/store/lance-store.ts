import '../../platform/lance-env.js';
import * as lancedb from '@lancedb/lancedb';
import type { Table as ArrowTable } from 'apache-arrow';
import { arrowRows, chunkRowsToArrow, chunkSchema, lit, litList, type ChunkRow } from './rows.js';
import { retryCommitConflict } from './commit-retry.js';

export interface StoreOptions {
  /** Folder or object-store URI. */
  uri: string;
  /** Rows before an IVF-PQ vector index is built. */
  vectorIndexMinRows: number;
  /** Writes after which the table compacts itself (each write is a version and usually a small fragment). */
  compactEveryWrites?: number;
  /** Versions older than this are pruned when compacting. */
  keepVersionsMs?: number;
  /**
   * Once writes have stopped for this long, the table builds its missing indexes and folds the new rows
   * into them (0: only the scheduled optimize does). Until then new rows are searched by a flat scan and
   * every small fragment is opened by every query, which costs search about twice the CPU.
   */
  settleMs?: number;
  /**
   * How stale a read may be, in seconds, before the table looks for versions written by other processes
   * (queue mode: workers and other API replicas write). Unset: never (one process owns the store).
   */
  readConsistencySeconds?: number;
  /**
   * IVF partitions a vector query probes, unless the query says. Unset: chosen from the index's partition
   * count (see `probesFor`), since a fixed number covers every partition of a small table but a shrinking
   * share of a large one.
   */
  nprobes?: number;
  /** Candidates re-ranked with full vectors, as a multiple of the limit (unset: see `refineFor`). */
  refineFactor?: number;
  /** Kind of vector index built once the table has `vectorIndexMinRows` rows (default `ivf_rq`). */
  vectorIndex?: VectorIndexKind;
  /** Rows an IVF partition holds on average when the index is built (sets the partition count). */
  rowsPerPartition?: number;
  /** HNSW candidate list size at search time (HNSW kinds only; Lance's default is 1.5 × limit). */
  ef?: number;
  /**
   * A reader beside the process that owns the tables (the search thread, src/memory/search/search-thread.ts):
   * never creates a table or builds an index, and re-reads which vector index is current every few seconds,
   * since the owner may retrain it.
   */
  readOnly?: boolean;
}

/**
 * Vector index kinds: IVF with RaBitQ 1-bit codes (no codebook training), IVF with product quantisation,
 * or IVF partitions each holding an HNSW graph over scalar-quantised (8-bit) or PQ codes.
 */
export const vectorIndexKinds = ['ivf_rq', 'ivf_pq', 'ivf_hnsw_sq', 'ivf_hnsw_pq'] as const;
export type VectorIndexKind = (typeof vectorIndexKinds)[number];
// Lance's names for them in listIndices().
const lanceIndexType: Record<VectorIndexKind, string> = { ivf_rq: 'IvfRq', ivf_pq: 'IvfPq', ivf_hnsw_sq: 'IvfHnswSq', ivf_hnsw_pq: 'IvfHnswPq' };

/**
 * Probes for an index of `partitions` partitions: at least 64 (every partition of a table up to ~260,000
 * passages), and 80 % of them beyond. Measured on 1,000,000 topical passages (244 partitions, refine ×20):
 * recall@10 0.88 at 64 probes, 0.95 at 128–160, 0.97 at 192 for ~5 ms more at p95 (docs/benchmarks.md,
 * issue 21 target 2).
 */
export function probesFor(partitions: number | undefined): number {
  if (partitions === undefined) return 64;
  return Math.max(64, Math.ceil(partitions * PROBED_SHARE));
}
const PROBED_SHARE = 0.8;

/**
 * Re-rank factor for a query asking for `limit` rows: enough that at least 200 candidates (and at least
 * twice the limit) are re-ranked with their full vectors, since RaBitQ's 1-bit codes order candidates only
 * roughly. 10 rows × 20 and 50 rows × 4 re-rank the same 200 (recall@10 0.978 at a million passages with
 * 196 probes); a fixed ×20 made the search path's 50-candidate queries re-rank 1,000 full vectors.
 */
export function refineFor(limit: number): number {
  return Math.max(2, Math.ceil(200 / Math.max(1, limit)));
}

/**
 * The vector index is named after its partition count (`vector_p244`), so a process that opens the table
 * knows it without retraining, and can tell when the table has outgrown it.
 */
const vectorIndexName = (partitions: number) => `vector_p${partitions}`;
const partitionsOfIndex = (name: string): number | undefined => {
  const m = /^vector_p(\d+)$/.exec(name);
  return m ? Number(m[1]) : undefined;
};
/** An index trained on a quarter of today's rows or fewer is retrained: its partitions hold 4× their share. */
const OUTGROWN = 4;

function vectorIndexConfig(kind: VectorIndexKind, numPartitions: number): lancedb.Index {
  const distanceType = 'cosine';
  switch (kind) {
    case 'ivf_rq':
      return lancedb.Index.ivfRq({ distanceType, numPartitions });
    case 'ivf_pq':
      return lancedb.Index.ivfPq({ distanceType, numPartitions });
    case 'ivf_hnsw_sq':
      return lancedb.Index.hnswSq({ distanceType, numPartitions });
    case 'ivf_hnsw_pq':
      return lancedb.Index.hnswPq({ distanceType, numPartitions });
    default: {
      const never: never = kind;
      throw new Error(`unknown vector index ${String(never)}`);
    }
  }
}

export interface ScopeFilter {
  workspaceId: string;
  /** Principal keys of the caller; a row matches when any of its principals is among them. */
  principals: readonly string[];
  sources?: readonly string[] | undefined;
  mimes?: readonly string[] | undefined;
  afterMs?: number | undefined;
  beforeMs?: number | undefined;
}

/** Builds the prefilter: workspace and permissions always, then the optional facets. */
export function scopeWhere(f: ScopeFilter): string {
  const parts = [`workspace_id = ${lit(f.workspaceId)}`, `array_has_any(principals, make_array(${litList(f.principals.length ? f.principals : ['\u0000none'])}))`];
  if (f.sources?.length) parts.push(`source IN (${litList(f.sources)})`);
  if (f.mimes?.length) parts.push(`mime IN (${litList(f.mimes)})`);
  if (f.afterMs !== undefined) parts.push(`modified_ms >= ${Math.floor(f.afterMs)}`);
  if (f.beforeMs !== undefined) parts.push(`modified_ms < ${Math.floor(f.beforeMs)}`);
  return parts.join(' AND ');
}

export interface NearestOptions {
  /** Bypass the vector index: exact (flat) search over the prefiltered rows. */
  exact?: boolean;
  /** IVF partitions probed (default 64). */
  nprobes?: number;
  /** Candidates re-ranked with full vectors, as a multiple of the limit (default 10). */
  refineFactor?: number;
  /** HNSW candidate list size (HNSW index kinds only). */
  ef?: number;
}

export interface ChunkHit {
  row: Omit<ChunkRow, 'vector' | 'search_text'>;
  score: number;
  /** The passage's stored vector, when the query asked for it. */
  vector?: Float32Array;
}

const resultColumns = ['key', 'workspace_id', 'document_id', 'connection_id', 'source', 'external_id', 'chunk_index', 'title', 'path', 'url', 'mime', 'owner', 'modified_ms', 'content_hash', 'chunk_hash', 'principals', 'context', 'text'];

/**
 * Equal scores are common (short passages with the same words) and Lance returns them in storage order,
 * which compaction changes: ties are broken by key so a ranking does not move when the table is rewritten.
 */
const byScoreThenKey = (a: ChunkHit, b: ChunkHit) => b.score - a.score || (a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : 0);

const toPlain = (r: Record<string, unknown>): ChunkHit['row'] => ({
  ...(r as unknown as ChunkHit['row']),
  principals: Array.from((r['principals'] as Iterable<string> | null) ?? []),
  modified_ms: Number(r['modified_ms']),
});

/**
 * One LanceDB table of passages for one embedder. Writes go through a single queue per table (concurrent
 * writers conflict, and concurrent merge-inserts have produced duplicates upstream), batched by the caller.
 */
export interface ChunkTable {
  name: string;
  dimensions: number;
  /** Replaces a set of documents' passages: upsert by key, and delete their rows no longer present. */
  replaceDocuments(documentIds: string[], rows: ChunkRow[]): Promise<void>;
  /** Appends passages of documents that were never stored (no existing rows to match). */
  appendNew(rows: ChunkRow[]): Promise<void>;
  deleteWhere(where: string): Promise<void>;
  /** `withVectors`: also return each hit's stored vector (saves hybrid search a second query for feedback). */
  fullText(query: string, filter: ScopeFilter, limit: number, options?: { withVectors?: boolean }): Promise<ChunkHit[]>;
  /** Stored vectors of passages by key (for query expansion from the best lexical hits). */
  vectorsByKey(keys: string[]): Promise<Float32Array[]>;
  nearest(vector: Float32Array, filter: ScopeFilter, limit: number, options?: NearestOptions): Promise<ChunkHit[]>;
  /** Vectors already stored for a document's passages, by chunk hash (re-embedding avoided on re-sync). */
  vectorsOf(documentId: string): Promise<Map<string, Float32Array>>;
  /** Reads rows (without vectors unless asked) matching a filter, in pages. */
  scan(where: string | undefined, columns: string[], limit: number, offset: number): Promise<Record<string, unknown>[]>;
  countRows(where?: string): Promise<number>;
  ensureIndexes(): Promise<{ fts: boolean; vector: boolean; scalar: boolean }>;
  /**
   * Builds missing indexes and folds every row written so far into them (what the settle timer does after
   * a quiet period), now. A job that wrote passages calls it before it reports "finished", so a search
   * answered the moment it says so ranks exactly as a settled one.
   */
  settle(): Promise<void>;
  optimize(keepVersionsMs: number): Promise<{ compacted: number; prunedBytes: number }>;
  stats(): Promise<{ rows: number; bytes: number; versions: number; indexes: string[] }>;
}

export interface LanceStore {
  open(name: string, dimensions: number): Promise<ChunkTable>;
  drop(name: string): Promise<void>;
  tableNames(): Promise<string[]>;
  /** Stops pending index upkeep, waits for a running one, closes the connection. */
  close(): Promise<void>;
}

export async function openLanceStore(options: StoreOptions): Promise<LanceStore> {
  const conn = await lancedb.connect(options.uri, options.readConsistencySeconds !== undefined ? { readConsistencyInterval: options.readConsistencySeconds } : {});
  const tables = new Map<string, Promise<ChunkTable>>();
  const upkeep = createUpkeep();
  return {
    open(name, dimensions) {
      let t = tables.get(name);
      if (!t) {
        t = openChunkTable(conn, name, dimensions, options, upkeep);
        tables.set(name, t);
        t.catch(() => tables.delete(name));
      }
      return t;
    },
    async drop(name) {
      tables.delete(name);
      if ((await conn.tableNames()).includes(name)) await conn.dropTable(name);
    },
    tableNames: () => conn.tableNames(),
    async close() {
      await upkeep.stop();
      conn.close();
    },
  };
}

/** Debounced background work per table (index upkeep after writes), stoppable as a whole at close. */
function createUpkeep() {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  return {
    /** (Re)starts the table's quiet-period timer; the job runs once no write came for `ms`. */
    after(key: string, ms: number, job: () => Promise<unknown>) {
      if (stopped) return;
      clearTimeout(timers.get(key));
      const timer = setTimeout(() => {
        timers.delete(key);
        if (stopped) return;
        const p = job().catch(() => undefined);
        running.add(p);
        void p.finally(() => running.delete(p));
      }, ms);
      timer.unref();
      timers.set(key, timer);
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.all(running);
    },
  };
}

async function openChunkTable(conn: lancedb.Connection, name: string, dimensions: number, options: StoreOptions, upkeep: ReturnType<typeof createUpkeep>): Promise<ChunkTable> {
  const schema = chunkSchema(dimensions);
  const table = options.readOnly || (await conn.tableNames()).includes(name)
    ? await conn.openTable(name)
    : await conn.createEmptyTable(name, schema, { existOk: true });

  // The single writer: every mutation of this table runs after the previous one finished.
  let tail: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const toArrow = (rows: ChunkRow[]) => chunkRowsToArrow(rows, dimensions, schema);
  let writesSinceOptimize = 0;
  let indexed: { fts: boolean; vector: boolean; scalar: boolean } | undefined;
  let building: Promise<{ fts: boolean; vector: boolean; scalar: boolean }> | undefined;
  // Partitions of the vector index as read from its name (undefined: none yet, or built before indexes were named).
  let vectorPartitions: number | undefined;
  // Read once at open, so the first queries of a process probe as many partitions as later ones.
  const readPartitions = () =>
    table
      .listIndices()
      .then((indices) => {
        const current = indices.find((i) => i.columns.includes('vector'));
        if (options.readOnly) vectorPartitions = current ? partitionsOfIndex(current.name) : undefined;
        else vectorPartitions ??= current ? partitionsOfIndex(current.name) : undefined;
      })
      .catch(() => undefined);
  let partitionsKnown = readPartitions();
  let partitionsReadAt = Date.now();
  // A reader learns of a retrained index only by looking again.
  const partitionsFresh = () => {
    if (options.readOnly && Date.now() - partitionsReadAt > 5000) {
      partitionsReadAt = Date.now();
      partitionsKnown = readPartitions();
    }
    return partitionsKnown;
  };
  const buildIndexes = async (): Promise<{ fts: boolean; vector: boolean; scalar: boolean }> => {
    const indices = await table.listIndices();
    const existing = new Set(indices.map((i) => i.columns.join(',')));
    const rows = await table.countRows();
    if (rows === 0) return { fts: false, vector: false, scalar: false };
    if (!existing.has('search_text')) {
      await retryCommitConflict(() => table.createIndex('search_text', { config: lancedb.Index.fts({ withPosition: false, stem: true, removeStopWords: true, asciiFolding: true }) }));
    }
    for (const col of ['workspace_id', 'document_id', 'key']) {
      if (!existing.has(col)) await retryCommitConflict(() => table.createIndex(col, { config: lancedb.Index.btree() }));
    }
    if (!existing.has('principals')) await retryCommitConflict(() => table.createIndex('principals', { config: lancedb.Index.labelList() }));
    const kind = options.vectorIndex ?? 'ivf_rq';
    const current = indices.find((i) => i.columns.includes('vector'));
    // ~4,000 rows a partition: k-means cost scales with the partition count, and a workspace/permission
    // prefilter keeps only a fraction of each probed partition.
    const wanted = Math.max(1, Math.min(4096, Math.round(rows / (options.rowsPerPartition ?? 4096))));
    const built = current ? partitionsOfIndex(current.name) : undefined;
    vectorPartitions = built;
    // A configured kind other than the built one (the setting changed) is rebuilt, and so is an index the
    // table has outgrown (trained when the table was a quarter of its size or less: new rows are folded
    // into the old partitions, which grow until a query's probes cover a fraction of the rows they should);
    // searches use the old index until the new one commits.
    // An index from before indexes were named has an unknown partition count: rebuilt once, named.
    const outgrown = current !== undefined && (built === undefined || wanted >= built * OUTGROWN);
    let vector = current !== undefined && current.indexType === lanceIndexType[kind] && !outgrown;
    if (!vector && rows >= options.vectorIndexMinRows) {
      await retryCommitConflict(() =>
        table.createIndex('vector', {
          // Default IVF-RQ rather than IVF-PQ: the PQ codebooks (k-means in each of 64 sub-spaces) did not
          // finish training in 15 minutes at 100,000 rows on a loaded 2-core machine, RaBitQ needs none.
          config: vectorIndexConfig(kind, wanted),
          name: vectorIndexName(wanted),
          replace: true,
        }),
      );
      // A rebuild under a new name leaves the old index beside it: drop it once the new one is committed.
      if (current && current.name !== vectorIndexName(wanted)) await retryCommitConflict(() => table.dropIndex(current.name)).catch(() => undefined);
      vectorPartitions = wanted;
      vector = true;
    }
    indexed = { fts: true, vector, scalar: true };
    return indexed;
  };
  // Full-text search needs the FTS index: rows written after it was built are searched flat by Lance with
  // the index's BM25 statistics (ranked correctly), but with no index at all (a table's first burst of
  // writes, before it settles) Lance's answer is unranked. The first search builds it; once seen, it stays.
  let ftsSeen = false;
  const hasFtsIndex = async () => (await table.listIndices()).some((i) => i.columns.includes('search_text'));
  const fullTextIndexReady = async (): Promise<boolean> => {
    if (ftsSeen) return true;
    if (options.readOnly) return (ftsSeen = await hasFtsIndex());
    if (!(await hasFtsIndex())) {
      // Another process may be building it at the same moment (queue mode): then search flat this once.
      await self.ensureIndexes().catch(() => undefined);
      if (!(await hasFtsIndex())) return false;
    }
    ftsSeen = true;
    return true;
  };
  const compactEvery = options.compactEveryWrites ?? 64;
  // Many small appends leave many small fragments, and every query opens each one: compact (and bring
  // the indexes up to date) in the writer's queue once enough writes piled up.
  const settleMs = options.settleMs ?? 0;
  // One settle at a time; a caller arriving during one waits for it and then one more (shared by every
  // caller arriving meanwhile), since the running one may have started before that caller's writes.
  let settling: Promise<void> | undefined;
  let settleAgain: Promise<void> | undefined;
  const settleOnce = () => {
    const run = (async () => {
      await self.ensureIndexes();
      await self.optimize(options.keepVersionsMs ?? 3_600_000);
    })().finally(() => {
      if (settling === run) settling = undefined;
    });
    settling = run;
    return run;
  };
  const settle = (): Promise<void> => {
    if (!settling) return settleOnce();
    settleAgain ??= settling
      .catch(() => undefined)
      .then(() => {
        settleAgain = undefined;
        return settleOnce();
      });
    return settleAgain;
  };
  const wrote = () => {
    // After a burst of writes (an upload, a sync page), bring indexes up to date once it goes quiet.
    if (settleMs > 0) upkeep.after(name, settleMs, settle);
    if (++writesSinceOptimize < compactEvery) return;
    writesSinceOptimize = 0;
    void serialized(async () => {
      await retryCommitConflict(() => table.optimize({ cleanupOlderThan: new Date(Date.now() - (options.keepVersionsMs ?? 3_600_000)) }));
    }).catch(() => undefined);
  };

  const self: ChunkTable = {
    name,
    dimensions,
    replaceDocuments: (documentIds, rows) =>
      serialized(async () => {
        if (documentIds.length === 0) return;
        const scope = `document_id IN (${litList(documentIds)})`;
        if (rows.length === 0) {
          await table.delete(scope);
        } else {
          await table
            .mergeInsert('key')
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .whenNotMatchedBySourceDelete({ where: scope })
            .execute(toArrow(rows));
        }
        wrote();
      }),
    appendNew: (rows) =>
      serialized(async () => {
        if (rows.length === 0) return;
        await table.add(toArrow(rows));
        wrote();
      }),
    deleteWhere: (where) =>
      serialized(async () => {
        await table.delete(where);
        wrote();
      }),
    async fullText(query, filter, limit, opts = {}) {
      if (!query.trim()) return [];
      const indexed = await fullTextIndexReady();
      let q = table
        .query()
        .fullTextSearch(query, { columns: ['search_text'] })
        .where(scopeWhere(filter))
        .select([...resultColumns, '_score', ...(opts.withVectors ? ['vector'] : [])]);
      // Without the index, Lance returns the first matches it meets in row order (unsorted, scored batch by
      // batch): only every match, sorted here, gives the best ones.
      if (indexed) q = q.limit(limit);
      const hits = arrowRows((await q.toArrow()) as unknown as ArrowTable).map((r) => {
        const { vector, ...rest } = r;
        const hit: ChunkHit = { row: toPlain(rest), score: Number(r['_score'] ?? 0) };
        if (opts.withVectors && vector instanceof Float32Array) hit.vector = vector;
        return hit;
      });
      return hits.sort(byScoreThenKey).slice(0, limit);
    },
    async nearest(vector, filter, limit, opts = {}) {
      await partitionsFresh();
      let q = table.query().nearestTo(vector).distanceType('cosine').where(scopeWhere(filter)).select([...resultColumns, '_distance']).limit(limit);
      // Prefiltered IVF search sees only the matching rows of the probed partitions: probe wide and re-rank.
      if (opts.exact) q = q.bypassVectorIndex();
      else {
        const refine = opts.refineFactor ?? options.refineFactor ?? refineFor(limit);
        q = q.nprobes(opts.nprobes ?? options.nprobes ?? probesFor(vectorPartitions)).refineFactor(refine);
        // HNSW refuses an ef below the candidates it must return (limit × refine).
        const ef = opts.ef ?? options.ef;
        if (ef !== undefined) q = q.ef(Math.max(ef, limit * refine));
      }
      const rows = arrowRows((await q.toArrow()) as unknown as ArrowTable);
      return rows.map((r) => ({ row: toPlain(r), score: 1 - Number(r['_distance'] ?? 1) })).sort(byScoreThenKey);
    },
    async vectorsByKey(keys) {
      if (keys.length === 0) return [];
      const rows = arrowRows((await table.query().where(`key IN (${litList(keys)})`).select(['vector']).toArrow()) as unknown as ArrowTable);
      return rows.map((r) => r['vector'] as Float32Array);
    },
    async vectorsOf(documentId) {
      const rows = (await table.query().where(`document_id = ${lit(documentId)}`).select(['chunk_hash', 'vector']).toArray()) as Record<string, unknown>[];
      return new Map(rows.map((r) => [String(r['chunk_hash']), Float32Array.from(r['vector'] as Iterable<number>)]));
    },
    async scan(where, columns, limit, offset) {
      let q = table.query().select(columns).limit(limit).offset(offset);
      if (where) q = q.where(where);
      return (await q.toArray()) as Record<string, unknown>[];
    },
    countRows: (where) => table.countRows(where),
    // Not in the writer queue: index builds commit alongside appends, and a long build (seen stalling
    // at 100k rows in a benchmark) must not hold every write of the table behind it.
    // One build at a time: two createIndex calls for one column at once conflict in LanceDB's commit (the
    // settle timer and an admin's optimize met in the authorization matrix); a second caller shares the run.
    ensureIndexes: () =>
      (building ??= buildIndexes().finally(() => (building = undefined))),
    settle,
    optimize: (keepVersionsMs) =>
      serialized(async () => {
        const stats = await retryCommitConflict(() => table.optimize({ cleanupOlderThan: new Date(Date.now() - keepVersionsMs) }));
        writesSinceOptimize = 0;
        return { compacted: stats.compaction.fragmentsRemoved, prunedBytes: Number(stats.prune.bytesRemoved) };
      }),
    async stats() {
      const s = await table.stats();
      const versions = (await table.listVersions()).length;
      const indexes = (await table.listIndices()).map((i) => `${i.indexType}:${i.columns.join(',')}`);
      return { rows: s.numRows, bytes: s.totalBytes, versions, indexes };
    },
  };
  void indexed;
  return self;
}
