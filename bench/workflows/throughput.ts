/**
 * Workflow engine throughput and overhead.
 *
 *   npx tsx bench/workflows/throughput.ts                 # embedded (SQLite, in-process workers)
 *   BENCH_MODE=queue BENCH_WORKERS=2 npx tsx bench/workflows/throughput.ts   # PostgreSQL + BullMQ + `atom worker` processes
 *
 * Fires BENCH_RUNS (10 000) webhook requests at a 5-step workflow of cheap steps (set, transform, log,
 * transform, transform) through the real route (`app.inject`, no TCP), BENCH_CONCURRENCY at a time, and
 * waits until every run succeeded. Baseline in the same process: `GET /health` through `app.inject`.
 * Then, embedded only: one run of a 10 000-item for-each, with RSS before/after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { workflowRuntime } from '../../src/workflows/runtime.js';

const mode = (process.env['BENCH_MODE'] ?? 'embedded') as 'embedded' | 'queue';
const runsN = Number(process.env['BENCH_RUNS'] ?? 10_000);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const workersN = Number(process.env['BENCH_WORKERS'] ?? 1);
/** Extra bursts of BENCH_RUNS after the first, to see whether memory keeps growing or levels off. */
const extraRounds = Number(process.env['BENCH_ROUNDS'] ?? 1) - 1;
const pgUrl = process.env['ATOM_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_wf_${Date.now().toString(36)}`;
const prefix = `benchwf${Date.now().toString(36)}`;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const env: Record<string, string> = {
  NODE_ENV: 'production',
  ATOM_LOG_LEVEL: 'warn',
  ATOM_LOG_PRETTY: 'false',
  ATOM_PORT: '0',
  ATOM_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'atom-bench-wf-')),
  ATOM_WORKFLOW_CONCURRENCY: process.env['ATOM_WORKFLOW_CONCURRENCY'] ?? '32',
  ATOM_JOBS_POLL_INTERVAL_MS: '20',
  ATOM_JOBS_PREFIX: prefix,
  ATOM_METRICS: 'false',
  ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
  ATOM_WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000000',
  ...(mode === 'queue' ? { ATOM_DATABASE_URL: pgUrl, ATOM_DATABASE_SCHEMA: schema, ATOM_REDIS_URL: process.env['ATOM_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379', ATOM_DATABASE_POOL_MAX: '20' } : {}),
};

const config = loadConfig(env);
const ctx = createContext(config, { logger: createLogger({ level: 'warn', pretty: 'false' }) });
await migrateToLatest(ctx.database);
const auth = async () => ({ userId: 'bench', workspaceId: 'ws-bench', role: 'owner', permissions: new Set(['workflows:read', 'workflows:write', 'workflows:run']), via: 'token' as const });
const app = await buildApp(ctx, { authenticator: auth });
const runtime = workflowRuntime(ctx);
const children: ChildProcess[] = [];
if (mode === 'embedded') runtime.startWorkers();
else {
  for (let i = 0; i < workersN; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { env: { ...process.env, ...env, ATOM_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('workflow workers started')) resolve();
      });
    });
  }
}

// Baseline: the HTTP layer alone.
{
  const t0 = performance.now();
  const n = 5000;
  for (let i = 0; i < n; i += concurrency) await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, () => app.inject({ method: 'GET', url: '/health' })));
  console.log(`baseline: GET /health via app.inject: ${(n / ((performance.now() - t0) / 1000)).toFixed(0)} req/s`);
}

const create = async (definition: unknown) => {
  const r = await app.inject({ method: 'POST', url: '/api/workflows', payload: { name: 'bench', definition } });
  const id = r.json<{ id: string }>().id;
  const a = await app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, payload: {} });
  if (a.statusCode !== 200) throw new Error(`could not set up the workflow: ${r.body} ${a.body}`);
  return { id, url: a.json<{ webhook?: { url: string } }>().webhook?.url ?? '' };
};
const wf = await create({
  trigger: { type: 'webhook', methods: ['POST'] },
  steps: [
    { id: 's1', type: 'set', values: { n: '{{ trigger.body.n }}' } },
    { id: 's2', type: 'transform', expression: 'vars.n * 2' },
    { id: 's3', type: 'action', action: 'core.log', input: { message: 'n={{ vars.n }}' } },
    { id: 's4', type: 'transform', expression: '{ "double": steps.s2, "n": vars.n }' },
    { id: 's5', type: 'transform', expression: 'steps.s4.double + 1' },
  ],
});

const countDone = async () =>
  Number(
    (await ctx.db.selectFrom('workflow_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('workflow_id', '=', wf.id).where('status', 'in', ['succeeded', 'failed']).executeTakeFirstOrThrow()).n,
  );

// Unloaded webhook-to-first-step latency: sequential single requests.
const idle: number[] = [];
for (let i = 0; i < 100; i++) {
  const r = await app.inject({ method: 'POST', url: wf.url, payload: { n: i }, headers: { 'content-type': 'application/json' } });
  const runId = r.json<{ runId: string }>().runId;
  await runtime.engine.waitForRun(runId, 10_000);
}
const firstStepLatency = async (limit: number) => {
  const rows = await sql<{ created_at: string; started_at: string }>`select r.created_at, min(s.started_at) as started_at from workflow_runs r join workflow_run_steps s on s.run_id = r.id where r.workflow_id = ${wf.id} group by r.id, r.created_at order by r.created_at desc limit ${limit}`.execute(ctx.db);
  return rows.rows.map((x) => Date.parse(x.started_at) - Date.parse(x.created_at));
};
idle.push(...(await firstStepLatency(100)));
const stepGaps = async (limit: number) => {
  const rows = await sql<{ run_id: string; finished_at: string }>`select run_id, finished_at from workflow_run_steps where run_id in (select id from workflow_runs where workflow_id = ${wf.id} order by created_at desc limit ${limit}) order by run_id, step_key`.execute(ctx.db);
  const out: number[] = [];
  let last: { run: string; at: number } | undefined;
  for (const row of rows.rows) {
    const at = Date.parse(row.finished_at);
    if (last && last.run === row.run_id) out.push(Math.abs(at - last.at));
    last = { run: row.run_id, at };
  }
  return out;
};
const idleGaps = await stepGaps(100);
const doneBefore = await countDone();

global.gc?.();
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
let next = 0;
const fire = async () => {
  while (next < runsN) {
    const i = next++;
    const r = await app.inject({ method: 'POST', url: wf.url, payload: { n: i }, headers: { 'content-type': 'application/json' } });
    if (r.statusCode !== 202) throw new Error(`webhook answered ${r.statusCode}: ${r.body}`);
  }
};
await Promise.all(Array.from({ length: concurrency }, fire));
const accepted = performance.now();
let peakRss = process.memoryUsage().rss;
for (;;) {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if ((await countDone()) - doneBefore >= runsN) break;
  await new Promise((r) => setTimeout(r, 100));
}
const elapsed = (performance.now() - t0) / 1000;
global.gc?.();
const rssAfter = process.memoryUsage().rss;
const failed = Number((await ctx.db.selectFrom('workflow_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'failed').executeTakeFirstOrThrow()).n);

// Engine overhead per step: gap between consecutive steps finishing inside one run (journal timestamps, ms).
const gaps = await stepGaps(2000);
const loaded = await firstStepLatency(runsN);

console.log(`\nmode: ${mode}${mode === 'queue' ? ` (PostgreSQL + BullMQ, ${workersN} atom worker process${workersN > 1 ? 'es' : ''})` : ' (SQLite, workers in-process)'}`);
console.log(`runs: ${runsN} × 5 steps, webhook concurrency ${concurrency}, failed: ${failed}`);
console.log(`webhooks accepted: ${(runsN / (accepted - t0) * 1000).toFixed(0)} /s`);
console.log(`throughput: ${(runsN / elapsed).toFixed(0)} runs/s (${(elapsed).toFixed(1)} s for all runs to finish)`);
console.log(`engine overhead per step (gap between step finishes): idle p50 ${pct(idleGaps, 50)} ms, p99 ${pct(idleGaps, 99)} ms; under the burst p50 ${pct(gaps, 50)} ms, p99 ${pct(gaps, 99)} ms`);
console.log(`webhook → first step: idle p50 ${pct(idle, 50)} ms, p99 ${pct(idle, 99)} ms; under the 10k burst p50 ${pct(loaded, 50)} ms, p99 ${pct(loaded, 99)} ms`);
console.log(`RSS (API process${mode === 'embedded' ? ' = worker' : ''}): before ${mb(rssBefore)}, peak ${mb(peakRss)}, after ${mb(rssAfter)}; V8 heap used after: ${mb(process.memoryUsage().heapUsed)}`);

for (let round = 2; round <= extraRounds + 1; round++) {
  const base = await countDone();
  const r0 = performance.now();
  next = 0;
  await Promise.all(Array.from({ length: concurrency }, fire));
  while ((await countDone()) - base < runsN) await new Promise((r) => setTimeout(r, 100));
  global.gc?.();
  const m = process.memoryUsage();
  console.log(`round ${round}: ${(runsN / ((performance.now() - r0) / 1000)).toFixed(0)} runs/s; after it RSS ${mb(m.rss)}, V8 heap used ${mb(m.heapUsed)}`);
}

if (mode === 'embedded') {
  const loop = await create({ trigger: { type: 'manual' }, steps: [{ id: 'loop', type: 'for_each', items: '[1..10000]', concurrency: 4, steps: [{ id: 'double', type: 'transform', expression: 'item * 2' }] }, { id: 'sum', type: 'transform', expression: '$sum(steps.loop)' }] });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const l0 = performance.now();
  const r = await app.inject({ method: 'POST', url: `/api/workflows/${loop.id}/run`, payload: {} });
  const done = await runtime.engine.waitForRun(r.json<{ id: string }>().id, 600_000);
  clearInterval(timer);
  global.gc?.();
  console.log(`for-each of 10 000 items: ${done?.status}, output ${done?.output}, ${((performance.now() - l0) / 1000).toFixed(1)} s; RSS before ${mb(before)}, peak ${mb(peak)}, after ${mb(process.memoryUsage().rss)}`);
}

for (const c of children) c.kill('SIGTERM');
await app.close();
await ctx.lifecycle.shutdown(ctx.logger);
if (mode === 'queue') {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(`drop schema if exists "${schema}" cascade`);
  await c.end();
}
process.exit(0);
