// Search latency at scale with filters on, and recall@10 of the vector index against exact search.
// Passages are written straight into the store (the pipeline is measured by ingest.ts).
// Run: npx tsx bench/memory/search-latency.ts   (BENCH_CHUNKS=100000, BENCH_QUERIES=200)
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createMemory } from '../../src/memory/memory.js';
import { searchMemory } from '../../src/memory/search/hybrid.js';
import { chunkKey, type ChunkRow } from '../../src/memory/store/index.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { textGenerator } from './generate.js';

const total = Number(process.env['BENCH_CHUNKS'] ?? 100_000);
const queries = Number(process.env['BENCH_QUERIES'] ?? 200);
const gen = textGenerator(5);
const dir = mkdtempSync(path.join(tmpdir(), 'atom-latency-'));
const ctx = createContext(loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: '0' }), { logger: createLogger({ level: 'silent', pretty: 'false' }) });
await migrateToLatest(ctx.database);
const memory = await createMemory(ctx, { vectorIndexMinRows: Number(process.env['BENCH_VECTOR_INDEX_MIN_ROWS'] ?? Math.min(50_000, total)) });
const { table, embedder } = memory.index;

// 10 workspaces; in each, half the passages are readable by everyone, the rest by one of 20 people.
const workspaces = 10;
let t = performance.now();
const batch = 5000;
for (let start = 0; start < total; start += batch) {
  const texts = Array.from({ length: Math.min(batch, total - start) }, () => gen.paragraph(5 + Math.floor(gen.random() * 4)));
  const vectors = await embedder.embed(texts);
  const rows: ChunkRow[] = texts.map((text, i) => {
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
      vector: vectors[i]!,
    };
  });
  await table.appendNew(rows);
  process.stderr.write(`\r${start + rows.length}/${total} passages written`);
}
const loadSeconds = (performance.now() - t) / 1000;
t = performance.now();
await table.optimize(0);
const idx = await table.ensureIndexes();
await table.optimize(0);
const indexSeconds = (performance.now() - t) / 1000;
process.stderr.write('\n');

const principals = ['*', 'user:u1', 'email:user3@example.com', 'domain:example.com'];
const queryTexts = Array.from({ length: queries }, () => Array.from({ length: 2 + Math.floor(gen.random() * 4) }, gen.word).join(' '));
const measure = async (mode: 'hybrid' | 'fulltext' | 'vector') => {
  const ms: number[] = [];
  for (const [i, q] of queryTexts.entries()) {
    const r = await searchMemory(memory, { q, workspaceId: `ws-${i % workspaces}`, principals, limit: 10, mode });
    ms.push(r.tookMs);
  }
  ms.sort((a, b) => a - b);
  const p = (x: number) => ms[Math.min(ms.length - 1, Math.ceil(x * ms.length) - 1)]!.toFixed(1);
  return `${p(0.5)} / ${p(0.95)} / ${p(0.99)}`;
};
const rows: [string, string][] = [];
for (const mode of ['fulltext', 'vector', 'hybrid'] as const) rows.push([mode, await measure(mode)]);

// Recall@10 of the approximate index against exact search, same filter.
let recall = 0;
let recallQueries = 0;
for (let i = 0; i < Math.min(100, queries); i++) {
  const [v] = await embedder.embed([queryTexts[i]!]);
  const filter = { workspaceId: `ws-${i % workspaces}`, principals };
  const approx = await table.nearest(v!, filter, 10);
  const exact = await table.nearest(v!, filter, 10, { exact: true });
  const truth = new Set(exact.map((h) => h.row.key));
  // A workspace where the caller can read nothing has no neighbours to recall.
  if (truth.size === 0) continue;
  recallQueries++;
  recall += approx.filter((h) => truth.has(h.row.key)).length / truth.size;
}
console.log(`${total} passages (${embedder.dimensions}-dim ${embedder.id}), ${workspaces} workspaces, permission + workspace prefilter on every query; write ${loadSeconds.toFixed(0)} s, compaction + indexes ${indexSeconds.toFixed(0)} s (vector index: ${idx.vector ? 'IVF-PQ' : 'none, exact search'}); load average ${loadavg()[0]!.toFixed(1)}`);
console.log('| mode | p50 / p95 / p99 ms |');
console.log('| --- | --- |');
for (const [m, v] of rows) console.log(`| ${m} | ${v} |`);
console.log(`| vector recall@10, index vs exact (${recallQueries} queries) | ${(recall / recallQueries).toFixed(3)} |`);
await memory.close();
await ctx.lifecycle.shutdown(ctx.logger);
rmSync(dir, { recursive: true, force: true });
