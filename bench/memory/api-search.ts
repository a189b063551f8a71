/**
 * Search as users meet it (issue 21, target 4): the built server as a process, documents uploaded and
 * searched through the public API over HTTP.
 *
 *   npm run build:server && npx tsx bench/memory/api-search.ts            # Cranfield, then 100k latency
 *   npx tsx bench/memory/api-search.ts --parts cranfield                   # quality only
 *   npx tsx bench/memory/api-search.ts --parts latency --chunks 100000     # latency only
 *
 * Cranfield: starts `node dist/cli/main.js serve` (SQLite, temp data dir), signs up, uploads the 1,400
 * abstracts (title + abstract as .txt, as bench/memory/cranfield.ts stores them) through
 * `POST /api/memory/documents` in batches of 100, polls `GET /api/memory/jobs/:id` until every upload says
 * "finished", and at that moment runs the 225 queries through `GET /api/memory/search?limit=10` (fresh);
 * then again after 20 s (settled). In the same run: plain BM25 (wink-bm25-text-search) and the in-process
 * benchmark's figure (searchMemory with the API's parameters on the same documents).
 *
 * Latency: copies the N-passage table search-latency.ts wrote (topic model, 10 workspaces, indexes built)
 * into the server's data dir while the server is stopped, gives its first workspace to the signed-up one,
 * restarts the server and measures 200 queries over HTTP one at a time: client-side p50/p95/p99 against
 * the server's own `tookMs`, and GET /health as the baseline.
 */
import '../../src/platform/lance-env.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as lancedb from '@lancedb/lancedb';
import bm25 from 'wink-bm25-text-search';
import { createMemory } from '../../src/memory/memory.js';
import { startIngestJob } from '../../src/memory/pipeline/ingest-job.js';
import { searchMemory } from '../../src/memory/search/hybrid.js';
import { openLanceStore } from '../../src/memory/store/index.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { generateFernetKey } from '../../src/vault/index.js';
import { loadCranfield, ndcgAt } from './cranfield-data.js';
import { topicGenerator } from './generate.js';

const { values: opts } = parseArgs({
  options: {
    parts: { type: 'string', default: 'cranfield,latency' },
    chunks: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    settle: { type: 'string', default: '20' },
    /** Data folder of a search-latency.ts run to copy the table from. */
    table: { type: 'string' },
  },
});
const parts = new Set(opts.parts.split(','));
const root = path.resolve(new URL('../../', import.meta.url).pathname);
const cli = path.join(root, 'dist/cli/main.js');
if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: run `npm run build:server` first.');

const load = () => loadavg().map((n) => n.toFixed(1)).join(' / ');
const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s} (load ${load()})\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (ms: number[], q: number) => {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const p50p95 = (ms: number[]) => `${pct(ms, 0.5).toFixed(1)} / ${pct(ms, 0.95).toFixed(1)}`;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
}
async function startServer(dataDir: string, vaultKey: string): Promise<Server> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    ATOM_HOST: '127.0.0.1',
    ATOM_PORT: String(port),
    ATOM_DATA_DIR: dataDir,
    ATOM_VAULT_KEYS: vaultKey,
    ATOM_LOG_LEVEL: 'warn',
    ATOM_LOG_PRETTY: 'false',
    // One user sends every request: the per-user limit would turn the benchmark into 429s.
    ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
    ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ATOM_MEMORY_') || k === 'LANCE_CPU_THREADS') as [string, string][]),
  };
  const child = spawn(process.execPath, [cli, 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) break;
    if (i > 900) throw new Error(`server not ready:\n${out}`);
    await sleep(200);
  }
  return { child, base, output: () => out };
}
async function stopServer(s: Server) {
  if (s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}
const rssMb = (s: Server) => {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${s.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
};

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return (await res.json()) as T;
}

const account = { email: 'bench@example.test', password: 'correct horse battery staple', name: 'Bench' };
/** Signs up (or in, on a reused data dir) and makes an API token. */
async function signIn(base: string, signUp: boolean) {
  const res = await fetch(`${base}/api/auth/${signUp ? 'signup' : 'login'}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signUp ? account : { email: account.email, password: account.password }) });
  const me = await json<{ workspace: { id: string }; csrfToken: string }>(res, signUp ? 'sign-up' : 'login');
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
  const session = { cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id, 'content-type': 'application/json' };
  const { token } = await json<{ token: string }>(await fetch(`${base}/api/tokens`, { method: 'POST', headers: session, body: JSON.stringify({ name: 'bench', expiresInDays: 1 }) }), 'token');
  return { workspaceId: me.workspace.id, bearer: { authorization: `Bearer ${token}` } };
}

interface ApiHit {
  documentId: string;
  path: string;
  title: string;
}
const search = async (base: string, bearer: Record<string, string>, q: string, limit = 10) => {
  const t = performance.now();
  const r = await json<{ tookMs: number; hits: ApiHit[] }>(await fetch(`${base}/api/memory/search?${new URLSearchParams({ q, limit: String(limit) })}`, { headers: bearer }), 'search');
  return { ms: performance.now() - t, tookMs: r.tookMs, hits: r.hits };
};

// ---------------------------------------------------------------- Cranfield through the API
async function cranfield() {
  const data = loadCranfield();
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-api-cranfield-'));
  const server = await startServer(dir, generateFernetKey());
  const lines: string[] = [];
  try {
    const { bearer } = await signIn(server.base, true);
    const fileName = (id: string) => `cran-${id}.txt`;
    const idOfPath = (p: string) => /cran-(\d+)\.txt/.exec(p)?.[1];
    const t0 = performance.now();
    const jobs: string[] = [];
    for (let i = 0; i < data.docs.length; i += 100) {
      const form = new FormData();
      for (const d of data.docs.slice(i, i + 100)) form.append('file', new Blob([`${d.title}\n\n${d.text}`], { type: 'text/plain' }), fileName(d.id));
      jobs.push((await json<{ id: string }>(await fetch(`${server.base}/api/memory/documents`, { method: 'POST', headers: bearer, body: form }), 'upload')).id);
    }
    // "Finished" as a user sees it: every upload's job says so.
    for (;;) {
      const states = await Promise.all(jobs.map(async (id) => (await json<{ status: string }>(await fetch(`${server.base}/api/memory/jobs/${id}`, { headers: bearer }), 'job')).status));
      if (states.includes('failed')) throw new Error('an upload failed');
      if (states.every((s) => s === 'finished')) break;
      await sleep(50);
    }
    const ingestSeconds = (performance.now() - t0) / 1000;
    log(`uploaded ${data.docs.length} documents in ${ingestSeconds.toFixed(1)} s`);

    const run = async () => {
      let ndcg = 0;
      const ms: number[] = [];
      const took: number[] = [];
      for (const q of data.queries) {
        const r = await search(server.base, bearer, q.text);
        ms.push(r.ms);
        took.push(r.tookMs);
        ndcg += ndcgAt(r.hits.map((h) => idOfPath(h.path) ?? idOfPath(h.title) ?? h.documentId), data.qrels.get(q.position) ?? new Map(), 10);
      }
      return { ndcg: ndcg / data.queries.length, ms, took };
    };
    const fresh = await run();
    log('fresh queries done');
    await sleep(Number(opts.settle) * 1000);
    const settled = await run();
    log('settled queries done');
    const rss = rssMb(server);

    // Same run, in this process: plain BM25, and searchMemory with the API's parameters on the same texts.
    const stop = new Set('a an and are as at be but by for from has have how in into is it of on or that the their there these this to was were what when where which while who why will with can do does any are be been being'.split(' '));
    const tokenize = (s: string) => (s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !stop.has(w));
    const engine = bm25();
    engine.defineConfig({ fldWeights: { title: 1, body: 1 } });
    engine.definePrepTasks([tokenize]);
    for (const d of data.docs) engine.addDoc({ title: d.title, body: d.text }, d.id);
    engine.consolidate();
    let bm25Ndcg = 0;
    for (const q of data.queries) bm25Ndcg += ndcgAt((engine.search(q.text, 10) as [string, number][]).map(([id]) => String(id)), data.qrels.get(q.position) ?? new Map(), 10);

    const inDir = mkdtempSync(path.join(tmpdir(), 'atom-inproc-cranfield-'));
    const ctx = createContext(loadConfig({ ATOM_DATA_DIR: inDir, ATOM_LOG_LEVEL: 'silent', ATOM_MEMORY_OPTIMIZE_INTERVAL_MINUTES: '0' }), { logger: createLogger({ level: 'silent', pretty: 'false' }) });
    await migrateToLatest(ctx.database);
    const memory = await createMemory(ctx);
    const connection = await memory.connections.ensure('bench', 'upload', 'Cranfield');
    const byDocument = new Map<string, string>();
    await startIngestJob(memory, {
      workspaceId: 'bench',
      label: 'cranfield',
      concurrency: 4,
      files: data.docs.map((d) => ({ connection, externalId: d.id, name: fileName(d.id), load: async () => new TextEncoder().encode(`${d.title}\n\n${d.text}`), principals: ['*'] })),
      onOutcome: (file, r) => void byDocument.set(r.documentId, file.externalId),
    }).done;
    let inNdcg = 0;
    for (const q of data.queries) {
      const r = await searchMemory(memory, { q: q.text, workspaceId: 'bench', principals: ['*'], limit: 10 });
      inNdcg += ndcgAt(r.hits.map((h) => byDocument.get(h.documentId)!), data.qrels.get(q.position) ?? new Map(), 10);
    }
    await memory.close();
    await ctx.lifecycle.shutdown(ctx.logger);
    rmSync(inDir, { recursive: true, force: true });

    const n = data.queries.length;
    lines.push(
      `Cranfield through the API: ${data.docs.length} documents uploaded in 14 requests of 100 files, all jobs "finished" after ${ingestSeconds.toFixed(1)} s; ${n} queries, limit 10, one at a time over HTTP; server RSS ${rss} MiB; load average ${load()}`,
      '',
      '| run | nDCG@10 | HTTP p50 / p95 ms | server tookMs p50 / p95 |',
      '| --- | --- | --- | --- |',
      `| API, the moment every upload reported "finished" (fresh) | ${fresh.ndcg.toFixed(4)} | ${p50p95(fresh.ms)} | ${p50p95(fresh.took)} |`,
      `| API, ${opts.settle} s later (settled) | ${settled.ndcg.toFixed(4)} | ${p50p95(settled.ms)} | ${p50p95(settled.took)} |`,
      `| in-process searchMemory, API parameters (limit 10), same texts | ${(inNdcg / n).toFixed(4)} | | |`,
      `| baseline: wink-bm25-text-search (plain BM25) | ${(bm25Ndcg / n).toFixed(4)} | | |`,
    );
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

// ---------------------------------------------------------------- latency at N passages over HTTP
async function latency() {
  const total = Number(opts.chunks);
  // The table search-latency.ts wrote (topic model, 10 workspaces): copied into the server's data dir, its
  // workspace ws-0 handed to the signed-up workspace; the other nine stay as other tenants' passages.
  const source = path.join(opts.table ?? `/tmp/atom-bench/latency-topics100-${total}`, 'lancedb');
  if (!existsSync(source)) throw new Error(`${source} is missing: run BENCH_CHUNKS=${total} npx tsx bench/memory/search-latency.ts first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'atom-api-latency-'));
  const vaultKey = generateFernetKey();
  let server = await startServer(dir, vaultKey);
  const lines: string[] = [];
  try {
    let { workspaceId, bearer } = await signIn(server.base, true);
    await stopServer(server);
    const t = performance.now();
    const name = readdirSync(source).find((f) => f.endsWith('.lance'))!;
    rmSync(path.join(dir, 'lancedb', name), { recursive: true, force: true });
    cpSync(path.join(source, name), path.join(dir, 'lancedb', name), { recursive: true });
    const lance = await lancedb.connect(path.join(dir, 'lancedb'));
    const raw = await lance.openTable(name.replace(/\.lance$/, ''));
    await raw.update({ where: "workspace_id = 'ws-0'", values: { workspace_id: workspaceId } });
    const rows = await raw.countRows(`workspace_id = '${workspaceId}'`);
    lance.close();
    // Fold the rewritten rows into the indexes as the server's settle would, with the product's index kind
    // (the source table may carry another kind from a search-latency.ts run with BENCH_INDEX).
    const store = await openLanceStore({ uri: path.join(dir, 'lancedb'), vectorIndexMinRows: 50_000 });
    const table = await store.open(name.replace(/\.lance$/, ''), 1024);
    await table.settle();
    const indexes = (await table.stats()).indexes.join(', ');
    await store.close();
    log(`table copied, ${rows} passages given to the workspace, indexes ${indexes}, in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    server = await startServer(dir, vaultKey);
    ({ workspaceId, bearer } = await signIn(server.base, false));
    const gen = topicGenerator(9, 100);
    const queries = Array.from({ length: Number(opts.queries) }, () => gen.query(2 + Math.floor(gen.random() * 4)));
    for (const q of queries.slice(0, 10)) await search(server.base, bearer, q);
    const ms: number[] = [];
    const took: number[] = [];
    let found = 0;
    for (const q of queries) {
      const r = await search(server.base, bearer, q);
      ms.push(r.ms);
      took.push(r.tookMs);
      if (r.hits.length > 0) found++;
    }
    const health: number[] = [];
    for (let i = 0; i < 100; i++) {
      const s = performance.now();
      await (await fetch(`${server.base}/health`)).text();
      health.push(performance.now() - s);
    }
    const f = (xs: number[]) => `${pct(xs, 0.5).toFixed(1)} / ${pct(xs, 0.95).toFixed(1)} / ${pct(xs, 0.99).toFixed(1)}`;
    lines.push(
      `Latency over HTTP: ${total} passages of a 100-topic model (search-latency.ts's table), ${rows} of them in the caller's workspace (half readable by the caller), the rest in 9 other workspaces; ${queries.length} hybrid queries of 2–5 words, limit 10, one at a time; server RSS ${rssMb(server)} MiB; load average ${load()}`,
      '',
      '| request | p50 / p95 / p99 ms |',
      '| --- | --- |',
      `| GET /api/memory/search (HTTP round trip, ${found} of ${queries.length} with hits) | ${f(ms)} |`,
      `| the same, server's tookMs (search only) | ${f(took)} |`,
      `| baseline: GET /health (100 requests) | ${f(health)} |`,
    );
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

const out: string[] = [];
if (parts.has('cranfield')) out.push(...(await cranfield()), '');
if (parts.has('latency')) out.push(...(await latency()));
console.log(out.join('\n'));
