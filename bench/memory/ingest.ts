// Ingest throughput with the local embedder: 10,000 generated Markdown documents through the whole
// pipeline (extract → chunk → embed → LanceDB + SQL), beside the cost of each stage alone.
// Run: npx tsx bench/memory/ingest.ts   (BENCH_DOCS=10000, BENCH_CONCURRENCY=4)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const dir = mkdtempSync(path.join(tmpdir(), 'atom-ingest-'));
const ctx = createContext(loadConfig({ ATOM_DATA_DIR: dir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: '0' }), { logger: createLogger({ level: 'silent', pretty: 'false' }) });
await migrateToLatest(ctx.database);
const memory = await createMemory(ctx);
const connection = await memory.connections.ensure('bench', 'upload', 'bench');
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
t = performance.now();
const cpu0 = process.cpuUsage();
const job = startIngestJob(memory, {
  workspaceId: 'bench',
  label: 'bench',
  concurrency,
  total,
  files: docs.map((bytes, i) => ({ connection, externalId: `doc-${i}`, name: `doc-${i}.md`, principals: ['*'], load: async () => bytes })),
});
const p = await job.done;
const seconds = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
const rows = await memory.index.table.countRows();

console.log(`documents: ${total} generated Markdown files, ${mb.toFixed(1)} MB, concurrency ${concurrency}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
console.log('| stage | figure |');
console.log('| --- | --- |');
console.log(`| extract + chunk alone (500 docs) | ${((sample.length / extractChunkMs) * 1000).toFixed(0)} docs/s, ${((texts.length / extractChunkMs) * 1000).toFixed(0)} chunks/s |`);
console.log(`| local embedder alone (${texts.length} chunks) | ${((texts.length / embedMs) * 1000).toFixed(0)} chunks/s |`);
console.log(`| full pipeline (${p.indexed} docs, ${p.chunks} chunks, ${rows} rows stored) | ${(p.indexed / seconds).toFixed(1)} docs/s, ${(p.chunks / seconds).toFixed(0)} chunks/s, ${seconds.toFixed(1)} s |`);
// On a shared machine wall-clock rates depend on the other load; CPU time used by this process (all its
// threads, LanceDB's included) gives the rate the pipeline sustains per core.
console.log(`| full pipeline per CPU-second used | ${(p.chunks / cpuSeconds).toFixed(0)} chunks/s (${cpuSeconds.toFixed(1)} CPU-s for ${seconds.toFixed(1)} s wall) |`);
console.log(`| peak RSS | ${(peakRss / 1024 / 1024).toFixed(0)} MiB |`);
await memory.close();
await ctx.lifecycle.shutdown(ctx.logger);
rmSync(dir, { recursive: true, force: true });
