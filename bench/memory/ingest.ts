// Ingest throughput with the local embedder: 10,000 generated Markdown documents through the whole
// pipeline (extract → chunk → embed → LanceDB + SQL), beside the cost of each stage alone.
// Run: npx tsx bench/memory/ingest.ts   (BENCH_DOCS=10000, BENCH_CONCURRENCY=4, BENCH_BASELINE_DOCS=2000)
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chunkDocument, indexableText } from '../../src/memory/chunk/index.js';
import { createLocalEmbedder } from '../../src/memory/embed/index.js';
import { extractDocument } from '../../src/memory/extract/index.js';
import { createMemory } from '../../src/memory/memory.js';
import { startIngestJob } from '../../src/memory/pipeline/ingest-job.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { textGenerator } from './generate.js';

const total = Number(process.env['BENCH_DOCS'] ?? 10_000);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 4);
const gen = textGenerator(11);
// 1–4 sections of 1–3 paragraphs: about 100–1,500 words (mean ~600), like notes, memos and wiki pages.
const makeDoc = (i: number) => {
  const sections = 1 + Math.floor(gen.random() * 4);
  let md = `# Report ${i}: ${gen.sentence()}\n\n`;
  for (let s = 0; s < sections; s++) md += `## ${gen.sentence()}\n\n${Array.from({ length: 1 + Math.floor(gen.random() * 3) }, () => gen.paragraph(3 + Math.floor(gen.random() * 3))).join('\n\n')}\n\n`;
  return new TextEncoder().encode(md);
};
const docs = Array.from({ length: total }, (_, i) => makeDoc(i));
const mb = docs.reduce((s, d) => s + d.byteLength, 0) / 1e6;

// Stages alone, on the first 500 documents.
const sample = docs.slice(0, 500);
const embedder = createLocalEmbedder();
let t = performance.now();
const chunked = [];
for (const [i, bytes] of sample.entries()) {
  const r = await extractDocument({ bytes, name: `${i}.md` });
  if (r.ok) chunked.push(chunkDocument(r.document));
}
const extractChunkMs = performance.now() - t;
const texts = chunked.flat().map(indexableText);
t = performance.now();
await embedder.embed(texts);
const embedMs = performance.now() - t;

// The full pipeline into a fresh data folder. `maxPendingRows: 0` is the previous behaviour (each worker
// waits for its file's write before the next file), run as the same-process baseline.
const runPipeline = async (files: Uint8Array[], maxPendingRows?: number) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-ingest-'));
  const ctx = createContext(loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: '0' }), { logger: createLogger({ level: 'silent', pretty: 'false' }) });
  await migrateToLatest(ctx.database);
  const memory = await createMemory(ctx);
  const connection = await memory.connections.ensure('bench', 'upload', 'bench');
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const job = startIngestJob(memory, {
    workspaceId: 'bench',
    label: 'bench',
    concurrency,
    total: files.length,
    ...(maxPendingRows !== undefined ? { maxPendingRows } : {}),
    files: files.map((bytes, i) => ({ connection, externalId: `doc-${i}`, name: `doc-${i}.md`, principals: ['*'], load: async () => bytes })),
  });
  const p = await job.done;
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const rows = await memory.index.table.countRows();
  const rssAfter = process.memoryUsage().rss;
  await memory.close();
  await ctx.lifecycle.shutdown(ctx.logger);
  rmSync(dir, { recursive: true, force: true });
  if (p.status !== 'finished' || rows !== p.chunks) throw new Error(`ingest ${p.status}: ${p.error ?? ''} (${rows} rows for ${p.chunks} chunks)`);
  return { p, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows, rssBefore, rssAfter, peakRss, load: loadavg()[0]! };
};
const baselineDocs = Math.min(total, Number(process.env['BENCH_BASELINE_DOCS'] ?? 2000));
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const line = (label: string, r: Awaited<ReturnType<typeof runPipeline>>) =>
  `| ${label} (${r.p.indexed} docs, ${r.rows} passages stored) | ${(r.p.indexed / r.seconds).toFixed(1)} docs/s, **${(r.p.chunks / r.seconds).toFixed(0)} chunks/s** (${r.seconds.toFixed(1)} s; ${(r.p.chunks / r.cpuSeconds).toFixed(0)} chunks per CPU-second) | RSS ${mib(r.rssBefore)} → ${mib(r.rssAfter)}, peak ${mib(r.peakRss)} | ${r.load.toFixed(1)} |`;
const base = await runPipeline(docs.slice(0, baselineDocs), 0);
const again = baselineDocs < total ? await runPipeline(docs.slice(0, baselineDocs)) : undefined;
const full = await runPipeline(docs);

console.log(`documents: ${total} generated Markdown files, ${mb.toFixed(1)} MB, concurrency ${concurrency}; ${cpus().length} cores`);
console.log('| stage | figure |');
console.log('| --- | --- |');
console.log(`| extract + chunk alone (500 docs) | ${((sample.length / extractChunkMs) * 1000).toFixed(0)} docs/s, ${((texts.length / extractChunkMs) * 1000).toFixed(0)} chunks/s |`);
console.log(`| local embedder alone (${texts.length} chunks) | ${((texts.length / embedMs) * 1000).toFixed(0)} chunks/s |`);
console.log('\n| full pipeline | rate | memory | load avg |');
console.log('| --- | --- | --- | --- |');
console.log(line('baseline: each file waits for its write', base));
if (again) console.log(line('pipelined commits, same documents as the baseline', again));
console.log(line('pipelined commits (default)', full));
