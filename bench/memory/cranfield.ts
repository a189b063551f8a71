// Retrieval quality on Cranfield: Atom's full-text, vector and hybrid search side by side with a plain
// BM25 baseline (wink-bm25-text-search) in the same process. Run: npx tsx bench/memory/cranfield.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bm25 from 'wink-bm25-text-search';
import { createMemory } from '../../src/memory/memory.js';
import { startIngestJob } from '../../src/memory/pipeline/ingest-job.js';
import { searchMemory, type SearchMode } from '../../src/memory/search/hybrid.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { averagePrecision, loadCranfield, ndcgAt, recallAt } from './cranfield-data.js';

const data = loadCranfield();
const dir = mkdtempSync(path.join(tmpdir(), 'atom-cranfield-'));
const config = loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: '0' });
const ctx = createContext(config, { logger: createLogger({ level: 'silent', pretty: 'false' }) });
await migrateToLatest(ctx.database);
const memory = await createMemory(ctx);
const connection = await memory.connections.ensure('bench', 'upload', 'Cranfield');

const t0 = performance.now();
const byDocument = new Map<string, string>();
const job = startIngestJob(memory, {
  workspaceId: 'bench',
  label: 'cranfield',
  concurrency: 4,
  files: data.docs.map((d) => ({
    connection,
    externalId: d.id,
    name: `${d.id}.txt`,
    // Title + abstract, as the README asks.
    load: async () => new TextEncoder().encode(`${d.title}\n\n${d.text}`),
    principals: ['*'],
  })),
  onOutcome: (file, r) => void byDocument.set(r.documentId, file.externalId),
});
await job.done;
const ingestDoneSeconds = (performance.now() - t0) / 1000;

// Plain BM25 baseline: lower-cased word tokens without stop words (no stemming), default k1/b.
const stop = new Set('a an and are as at be but by for from has have how in into is it of on or that the their there these this to was were what when where which while who why will with can do does any are be been being'.split(' '));
const tokenize = (s: string) => (s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !stop.has(w));
const engine = bm25();
engine.defineConfig({ fldWeights: { title: 1, body: 1 } });
engine.definePrepTasks([tokenize]);
for (const d of data.docs) engine.addDoc({ title: d.title, body: d.text }, d.id);
engine.consolidate();

type Scores = { ndcg: number; map: number; recall: number; ms: number[] };
const score = async (run: (q: string) => Promise<string[]> | string[]): Promise<Scores> => {
  const s: Scores = { ndcg: 0, map: 0, recall: 0, ms: [] };
  for (const q of data.queries) {
    const judged = data.qrels.get(q.position) ?? new Map<string, number>();
    const started = performance.now();
    const ranking = await run(q.text);
    s.ms.push(performance.now() - started);
    s.ndcg += ndcgAt(ranking, judged, 10);
    s.map += averagePrecision(ranking.slice(0, 100), judged);
    s.recall += recallAt(ranking, judged, 100);
  }
  const n = data.queries.length;
  return { ndcg: s.ndcg / n, map: s.map / n, recall: s.recall / n, ms: s.ms.sort((a, b) => a - b) };
};

const atom = (mode: SearchMode, extra: { vectorWeight?: number; feedback?: number; feedbackWeight?: number; fusion?: 'rrf' | 'convex' } = {}) => async (q: string) =>
  (await searchMemory(memory, { q, workspaceId: 'bench', principals: ['*'], limit: 100, candidates: 200, mode, minSimilarity: 0, ...extra })).hits.map((h) => byDocument.get(h.documentId)!);

// As GET /api/memory/search answers (limit 10, default candidates and similarity floor), the moment the
// ingest job reported "finished" (issue 21 item 4: fresh must equal settled), then after an explicit optimize.
const api = async (q: string) => (await searchMemory(memory, { q, workspaceId: 'bench', principals: ['*'], limit: 10 })).hits.map((h) => byDocument.get(h.documentId)!);
const apiFresh = await score(api);
const t1 = performance.now();
await memory.index.table.ensureIndexes();
// What the periodic optimize does in a running server: compact the small fragments of the ingest.
await memory.index.table.optimize(0);
const optimizeSeconds = (performance.now() - t1) / 1000;
const apiSettled = await score(api);

const rows: [string, Scores][] = [
  ["Atom hybrid with the API's parameters (limit 10), right after the job finished", apiFresh],
  ["Atom hybrid with the API's parameters (limit 10), after an explicit optimize", apiSettled],
  ['baseline: wink-bm25-text-search (plain BM25)', await score((q) => (engine.search(q, 100) as [string, number][]).map(([id]) => String(id)))],
  ['Atom full-text (Lance BM25)', await score(atom('fulltext'))],
  ['Atom vector (local hash-ngram embedder)', await score(atom('vector'))],
  ['Atom hybrid, no feedback (RRF, equal weights)', await score(atom('hybrid', { fusion: 'rrf', feedback: 0 }))],
  ['Atom hybrid (RRF, 3-passage feedback; the default before)', await score(atom('hybrid', { fusion: 'rrf' }))],
  ['Atom hybrid (RRF, feedback 5, weight 1)', await score(atom('hybrid', { fusion: 'rrf', feedback: 5, feedbackWeight: 1 }))],
  ['Atom hybrid, no feedback (score fusion, vector weight 0.5)', await score(atom('hybrid', { feedback: 0 }))],
  ['Atom hybrid, default (score fusion: max-normalized, vector weight 0.5, feedback 3)', await score(atom('hybrid'))],
  ['Atom hybrid, score fusion, equal weights', await score(atom('hybrid', { vectorWeight: 1 }))],
  ['Atom hybrid, score fusion, feedback 5, weight 1', await score(atom('hybrid', { feedback: 5, feedbackWeight: 1 }))],
];
const p = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
console.log(`Cranfield: ${data.docs.length} documents, ${data.queries.length} queries; ingest through the full pipeline ${ingestDoneSeconds.toFixed(1)} s to "finished" (its indexes settled), explicit optimize afterwards ${optimizeSeconds.toFixed(1)} s`);
console.log('| run | nDCG@10 | MAP | Recall@100 | p50 ms | p95 ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [name, s] of rows) console.log(`| ${name} | ${s.ndcg.toFixed(4)} | ${s.map.toFixed(4)} | ${s.recall.toFixed(4)} | ${p(s.ms, 0.5).toFixed(1)} | ${p(s.ms, 0.95).toFixed(1)} |`);
await memory.close();
await ctx.lifecycle.shutdown(ctx.logger);
rmSync(dir, { recursive: true, force: true });
