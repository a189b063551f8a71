// Search latency at scale with filters on, and recall@10 of the vector index against exact search.
// Passages of generated technical prose are written straight into the product's store (the pipeline is
// measured by ingest.ts), vectors from the product's local embedder run in worker threads; the indexes
// are built by the product's own path (ChunkTable.ensureIndexes + optimize: FTS, btree, label-list, IVF-RQ).
// Run: BENCH_CHUNKS=100000 npx tsx bench/memory/search-latency.ts
//   BENCH_QUERIES=200            queries per mode
//   BENCH_DIR=/tmp/atom-bench/…   data folder, kept between runs (an existing complete table is reused)
//   BENCH_PROBES=16:5,64:10      IVF settings (nprobes:refineFactor) to measure recall and latency for
//   BENCH_DATA=topics            passages from a topic model (default; vectors cluster as real text's do) or
//                                `random` (uniformly random words: no clusters, the worst case for IVF)
//   BENCH_TOPICS=100             topics of the topic model
//   BENCH_INDEX=ivf_rq           vector index kind (ivf_rq, ivf_pq, ivf_hnsw_sq, ivf_hnsw_pq); a table built with
//                                another kind has its vector index rebuilt (the time is reported)
//   BENCH_PARTITION_ROWS=4096    rows per IVF partition when the index is built
//   BENCH_PROBES entries may carry an HNSW ef: nprobes:refineFactor:ef
import '../../src/platform/lance-env.js';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { loadavg } from 'node:os';
import { createMemory } from '../../src/memory/memory.js';
import { searchMemory } from '../../src/memory/search/hybrid.js';
import { chunkKey, vectorIndexKinds, type ChunkRow, type VectorIndexKind } from '../../src/memory/store/index.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { createEmbedPool } from './embed-workers.js';
import { textGenerator, topicGenerator } from './generate.js';

const total = Number(process.env['BENCH_CHUNKS'] ?? 100_000);
const queries = Number(process.env['BENCH_QUERIES'] ?? 200);
const data = process.env['BENCH_DATA'] === 'random' ? 'random' : 'topics';
const topics = Number(process.env['BENCH_TOPICS'] ?? 100);
const dir = process.env['BENCH_DIR'] ?? `/tmp/atom-bench/latency-${data === 'random' ? '' : `topics${topics}-`}${total}`;
const probes = (process.env['BENCH_PROBES'] ?? '16:5,64:10').split(',').map((s) => s.split(':').map(Number) as [number, number, number?]);
const vectorIndex = process.env['BENCH_INDEX'] as VectorIndexKind | undefined;
if (vectorIndex && !vectorIndexKinds.includes(vectorIndex)) throw new Error(`BENCH_INDEX must be one of ${vectorIndexKinds.join(', ')}`);
const rowsPerPartition = process.env['BENCH_PARTITION_ROWS'] ? Number(process.env['BENCH_PARTITION_ROWS']) : undefined;
const fresh = !existsSync(dir);
mkdirSync(dir, { recursive: true });
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');
const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s} (load ${load()})\n`);

// A vector index left by an interrupted write was trained on part of the rows: drop it, so it is trained on
// all of them once the table is complete (BENCH_REBUILD_VECTOR=1: always, e.g. for another partition size).
{
  const lance = await lancedb.connect(path.join(dir, 'lancedb'));
  for (const name of await lance.tableNames()) {
    const raw = await lance.openTable(name);
    if ((await raw.countRows()) < total || process.env['BENCH_REBUILD_VECTOR']) for (const i of await raw.listIndices()) if (i.columns.includes('vector')) await raw.dropIndex(i.name);
  }
  lance.close();
}
// No settle timer: under load a pause between batches would start the index build on part of the table
// (the vector index's partitions trained on the first rows) and race the explicit optimize below.
const ctx = createContext(loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: '0', ATOM_MEMORY_SETTLE_SECONDS: '0' }), { logger: createLogger({ level: 'silent', pretty: 'false' }) });
await migrateToLatest(ctx.database);
const memory = await createMemory(ctx, {
  vectorIndexMinRows: Number(process.env['BENCH_VECTOR_INDEX_MIN_ROWS'] ?? Math.min(50_000, total)),
  store: { ...(vectorIndex ? { vectorIndex } : {}), ...(rowsPerPartition ? { rowsPerPartition } : {}) },
});
const { table, embedder } = memory.index;

// 10 workspaces; in each, half the passages are readable by everyone, the rest by one of 20 people.
const workspaces = 10;
const gen = (() => {
  if (data === 'random') {
    const g = textGenerator(5);
    return { passage: g.paragraph, query: (n: number) => Array.from({ length: n }, g.word).join(' '), random: g.random };
  }
  return topicGenerator(5, topics);
})();
let writeSeconds = 0;
const existing = await table.countRows();
if (existing !== total) {
  if (existing > total) throw new Error(`${dir} holds ${existing} passages, more than ${total}: remove it or set BENCH_DIR`);
  // An interrupted write resumes: the generator replays the passages already stored (cheap without embedding).
  for (let n = 0; n < existing; n++) gen.passage(5 + Math.floor(gen.random() * 4));
  if (existing > 0) log(`resuming after ${existing} passages`);
  const pool = createEmbedPool(undefined, embedder.dimensions);
  const t = performance.now();
  const batch = 10_000;
  const makeTexts = (n: number) => Array.from({ length: n }, () => gen.passage(5 + Math.floor(gen.random() * 4)));
  // Embed the next batch while the previous one is written.
  let texts = makeTexts(Math.min(batch, total - existing));
  let vectors = pool.embed(texts);
  for (let start = existing; start < total; start += batch) {
    const flat = await vectors;
    const current = texts;
    const nextStart = start + batch;
    if (nextStart < total) {
      texts = makeTexts(Math.min(batch, total - nextStart));
      vectors = pool.embed(texts);
    }
    const dims = embedder.dimensions;
    const rows: ChunkRow[] = current.map((text, i) => {
      const n = start + i;
      const doc = Math.floor(n / 4);
      return {
        key: chunkKey('conn', `doc-${doc}`, n % 4),
        workspace_id: `ws-${doc % workspaces}`,
        document_id: `doc-${doc}`,
        connection_id: 'conn',
        source: n % 3 === 0 ? 'google_drive' : n % 3 === 1 ? 'onedrive' : 'upload',
        external_id: `doc-${doc}`,
        chunk_index: n % 4,
        title: `Document ${doc}`,
        path: `folder/doc-${doc}.md`,
        url: '',
        mime: 'text/markdown',
        owner: '',
        modified_ms: Date.UTC(2025, 0, 1) + doc * 60_000,
        content_hash: `h${doc}`,
        chunk_hash: `c${n}`,
        principals: doc % 2 === 0 ? ['*'] : [`email:user${doc % 20}@example.com`],
        context: `Document ${doc}`,
        text,
        search_text: `Document ${doc}\n${text}`,
        vector: flat.subarray(i * dims, (i + 1) * dims),
      };
    });
    await table.appendNew(rows);
    if ((start / batch) % 10 === 9 || start + batch >= total) log(`${start + rows.length}/${total} passages written`);
  }
  await pool.close();
  writeSeconds = (performance.now() - t) / 1000;
}
let t = performance.now();
await table.optimize(0);
const compactSeconds = (performance.now() - t) / 1000;
log(`compacted in ${compactSeconds.toFixed(0)} s`);
t = performance.now();
const idx = await table.ensureIndexes();
const indexSeconds = (performance.now() - t) / 1000;
log(`indexes in ${indexSeconds.toFixed(0)} s: ${(await table.stats()).indexes.join(', ')}`);
await table.optimize(0);

const principals = ['*', 'user:u1', 'email:user3@example.com', 'domain:example.com'];
const queryTexts = Array.from({ length: queries }, () => gen.query(2 + Math.floor(gen.random() * 4)));
const pct = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const p = (x: number) => s[Math.min(s.length - 1, Math.ceil(x * s.length) - 1)]!.toFixed(1);
  return `${p(0.5)} / ${p(0.95)} / ${p(0.99)}`;
};
const measure = async (mode: 'hybrid' | 'fulltext' | 'vector') => {
  const ms: number[] = [];
  // Warm-up: first queries open index files and fill caches.
  for (const q of queryTexts.slice(0, 10)) await searchMemory(memory, { q, workspaceId: 'ws-0', principals, limit: 10, mode });
  // CPU of the whole process (every thread: LanceDB's pool too) per query, one query at a time.
  const cpu = process.cpuUsage();
  for (const [i, q] of queryTexts.entries()) {
    const r = await searchMemory(memory, { q, workspaceId: `ws-${i % workspaces}`, principals, limit: 10, mode });
    ms.push(r.tookMs);
  }
  const used = process.cpuUsage(cpu);
  return `${pct(ms)} | ${((used.user + used.system) / 1000 / queryTexts.length).toFixed(1)}`;
};
const rows: [string, string][] = [];
for (const mode of ['fulltext', 'vector', 'hybrid'] as const) {
  rows.push([`${mode} (product search path)`, await measure(mode)]);
  log(`${mode} measured`);
}

// Recall@10 of the approximate index against exact search under the same filter, with the latency of the
// store call alone, for each IVF setting; exact search's own latency is the baseline.
const recallQueries = queryTexts.slice(0, Math.min(100, queries));
const qvecs = await embedder.embed(recallQueries);
const truth: Set<string>[] = [];
const exactMs: number[] = [];
for (const [i, v] of qvecs.entries()) {
  const s = performance.now();
  const exact = await table.nearest(v, { workspaceId: `ws-${i % workspaces}`, principals }, 10, { exact: true });
  exactMs.push(performance.now() - s);
  truth.push(new Set(exact.map((h) => h.row.key)));
}
const builtIndex = (await table.stats()).indexes.find((i) => i.endsWith(':vector'))?.split(':')[0] ?? 'none';
const recallRows: [string, string, string][] = [['exact (flat) search, baseline', '1.000', pct(exactMs)]];
for (const [nprobes, refineFactor, ef] of idx.vector ? probes : []) {
  let recall = 0;
  let counted = 0;
  const ms: number[] = [];
  for (const [i, v] of qvecs.entries()) {
    const s = performance.now();
    const approx = await table.nearest(v, { workspaceId: `ws-${i % workspaces}`, principals }, 10, { nprobes, refineFactor, ...(ef ? { ef } : {}) });
    ms.push(performance.now() - s);
    // A workspace where the caller can read nothing has no neighbours to recall.
    if (truth[i]!.size === 0) continue;
    counted++;
    recall += approx.filter((h) => truth[i]!.has(h.row.key)).length / truth[i]!.size;
  }
  recallRows.push([`${builtIndex} nprobes ${nprobes}, refine ×${refineFactor}${ef ? `, ef ${ef}` : ''}`, (recall / counted).toFixed(3), pct(ms)]);
}
const stats = await table.stats();
console.log(
  `${total} passages of ${data === 'random' ? 'random words' : `a ${topics}-topic model`} (${embedder.dimensions}-dim ${embedder.id}, ${(stats.bytes / 1e9).toFixed(2)} GB), ${workspaces} workspaces, workspace + permission prefilter on every query; ` +
    `${fresh || writeSeconds ? `write ${writeSeconds.toFixed(0)} s, ` : 'table reused, '}compaction ${compactSeconds.toFixed(0)} s, indexes ${indexSeconds.toFixed(0)} s (vector index: ${idx.vector ? `${builtIndex}, ${rowsPerPartition ?? 4096} rows a partition` : 'none, exact search'}); ` +
    `${queries} queries of 2–5 words; load average ${load()}; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log('| mode | p50 / p95 / p99 ms | CPU per query, ms (all threads) |');
console.log('| --- | --- | --- |');
for (const [m, v] of rows) console.log(`| ${m} | ${v} |`);
console.log(`\n| vector search, store call only (${recallQueries.length} queries) | recall@10 vs exact | p50 / p95 / p99 ms |`);
console.log('| --- | --- | --- |');
for (const [m, r, v] of recallRows) console.log(`| ${m} | ${r} | ${v} |`);
await memory.close();
await ctx.lifecycle.shutdown(ctx.logger);
