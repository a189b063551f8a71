/**
 * Webhook → run over real HTTP (issue 21, target 1): the built server as a process, driven by autocannon.
 *
 *   npm run build:server && npx tsx bench/workflows/http-throughput.ts              # embedded, then queue with 1 and 2 workers
 *   npx tsx bench/workflows/http-throughput.ts --modes embedded --amounts 5000      # one mode, one burst size
 *   npx tsx bench/workflows/http-throughput.ts --modes queue:2                      # queue mode, 2 `atom worker` processes
 *   npx tsx bench/workflows/http-throughput.ts --profile /tmp/prof                  # `--cpu-prof` on the server (and workers)
 *   npx tsx bench/workflows/http-throughput.ts --env ATOM_WORKFLOW_CONCURRENCY=32   # any server setting
 *
 * Per mode: starts `node dist/cli/main.js serve` on a free port (embedded: SQLite in a temp data dir;
 * queue: PostgreSQL in its own schema + Redis under its own prefix, with N `atom worker` processes), signs
 * up, creates and activates a 5-step webhook workflow through the API (set, transform, log, transform,
 * transform), then for each burst size: a `GET /health` baseline and `POST /api/hooks/:token` with
 * autocannon over 127.0.0.1 (64 connections), waiting until every run has finished. Reports runs
 * completed per second (first request → last run finished), webhook latency p50/p99 (measured while runs
 * execute), failures (non-2xx, connection errors, failed runs) and the server's RSS. The server logs at its
 * default level (info) into a file, as a service writing to a journal would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import { generateFernetKey } from '../../src/vault/index.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../../test/support/postgres.js';
import { summarizeProfile } from './cpu-profile.js';

const { values: opts } = parseArgs({
  options: {
    modes: { type: 'string', default: 'embedded,queue:1,queue:2' },
    amounts: { type: 'string', default: '5000,20000' },
    connections: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '500' },
    profile: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    /** Also write the figures as JSON (the n8n comparison reads them). */
    json: { type: 'string' },
  },
});
const root = path.resolve(new URL('../../', import.meta.url).pathname);
const cli = path.join(root, 'dist/cli/main.js');
if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: run `npm run build:server` first.');
const CONNECTIONS = Number(opts.connections);
const AMOUNTS = opts.amounts.split(',').map(Number);
const extraEnv = Object.fromEntries(opts.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
}
function start(name: string, args: string[], env: Record<string, string>, logDir: string): Proc {
  const log = path.join(logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  const nodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(opts.profile, name)}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, cli, ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env }, stdio: ['ignore', fd, fd] });
  return { name, child, log };
}
const output = (p: Proc) => (existsSync(p.log) ? readFileSync(p.log, 'utf8').slice(-4000) : '');
const rssMb = (p: Proc) => {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
};
async function stop(p: Proc) {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(t);
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return (await res.json()) as T;
}

/** The same 5-step flow as bench/workflows/throughput.ts (and the n8n comparison). */
export const FIVE_STEPS = {
  trigger: { type: 'webhook', methods: ['POST'] },
  steps: [
    { id: 's1', type: 'set', values: { n: '{{ trigger.body.n }}' } },
    { id: 's2', type: 'transform', expression: 'vars.n * 2' },
    { id: 's3', type: 'action', action: 'core.log', input: { message: 'n={{ vars.n }}' } },
    { id: 's4', type: 'transform', expression: '{ "double": steps.s2, "n": vars.n }' },
    { id: 's5', type: 'transform', expression: 'steps.s4.double + 1' },
  ],
};

async function setUp(base: string): Promise<string> {
  const signup = await fetch(`${base}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.test', password: 'correct horse battery staple', name: 'Bench' }) });
  const me = await json<{ workspace: { id: string }; csrfToken: string }>(signup, 'sign-up');
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
  const session = { cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id, 'content-type': 'application/json' };
  const wf = await json<{ id: string }>(await fetch(`${base}/api/workflows`, { method: 'POST', headers: session, body: JSON.stringify({ name: 'http bench', definition: FIVE_STEPS }) }), 'create workflow');
  const act = await json<{ webhook: { url: string } }>(await fetch(`${base}/api/workflows/${wf.id}/activate`, { method: 'POST', headers: session, body: '{}' }), 'activate');
  return new URL(act.webhook.url, base).pathname;
}

/** Finished and failed run counts, read from the database directly (paging 20,000 runs through the API would load the server). */
type RunCounter = { finished(): Promise<{ done: number; failed: number }>; close(): Promise<void> };
function sqliteCounter(dataDir: string): RunCounter {
  const db = new Sqlite(path.join(dataDir, 'atom.db'), { readonly: true, fileMustExist: true });
  const q = db.prepare<[], { done: number; failed: number }>("select count(*) as done, coalesce(sum(status = 'failed'), 0) as failed from workflow_runs where status in ('succeeded', 'failed', 'cancelled')");
  return { finished: async () => q.get() ?? { done: 0, failed: 0 }, close: async () => void db.close() };
}
async function pgCounter(url: string, schema: string): Promise<RunCounter> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return {
    finished: async () => {
      const r = await c.query<{ done: string; failed: string }>(`select count(*) as done, count(*) filter (where status = 'failed') as failed from "${schema}".workflow_runs where status in ('succeeded', 'failed', 'cancelled')`);
      return { done: Number(r.rows[0]?.done ?? 0), failed: Number(r.rows[0]?.failed ?? 0) };
    },
    close: () => c.end(),
  };
}

interface Burst {
  amount: number;
  healthRps: number;
  healthP99: number;
  accepted: number;
  acceptSeconds: number;
  runsPerSecond: number;
  totalSeconds: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: string;
  errors: number;
  failedRuns: number;
  rss: string;
  load: string;
}

async function cannon(url: string, amount: number, request: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  const statuses = new Map<number, number>();
  const inst = autocannon({ url, connections: CONNECTIONS, amount, timeout: 30, requests: [request] });
  inst.on('response', (_c: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
  const res = await inst;
  const bad = [...statuses].filter(([s]) => s < 200 || s >= 300);
  return { res, ok: res['2xx'], non2xx: bad.map(([s, n]) => `${s}×${n}`).join(' ') };
}

async function runMode(mode: string): Promise<Burst[]> {
  const workers = mode.startsWith('queue') ? Number(mode.split(':')[1] ?? 1) : 0;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-bench-http-'));
  const tag = `benchhttp_${process.pid}_${Date.now().toString(36)}`;
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    ATOM_HOST: '127.0.0.1',
    ATOM_PORT: String(port),
    ATOM_DATA_DIR: dataDir,
    ATOM_VAULT_KEYS: generateFernetKey(),
    ATOM_LOG_PRETTY: 'false',
    // One sender on one webhook: the per-webhook limit (6,000/min by default) would turn the burst into 429s.
    ATOM_WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000000',
    ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
    ...(workers ? { ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: tag, ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: tag } : {}),
    ...extraEnv,
  };
  const procs: Proc[] = [];
  const server = start(`server-${mode.replace(':', '-')}`, ['serve'], env, dataDir);
  procs.push(server);
  const base = `http://127.0.0.1:${port}`;
  const bursts: Burst[] = [];
  let counter: RunCounter | undefined;
  try {
    for (let i = 0; ; i++) {
      if (server.child.exitCode !== null) throw new Error(`server exited:\n${output(server)}`);
      if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) break;
      if (i > 900) throw new Error(`server not ready:\n${output(server)}`);
      await sleep(200);
    }
    for (let w = 1; w <= workers; w++) {
      const worker = start(`worker${w}-${mode.replace(':', '-')}`, ['worker'], { ...env, ATOM_MIGRATE_ON_START: 'false' }, dataDir);
      procs.push(worker);
      for (let i = 0; !output(worker).includes('worker ready'); i++) {
        if (worker.child.exitCode !== null || i > 900) throw new Error(`worker did not start:\n${output(worker)}`);
        await sleep(200);
      }
    }
    const hookPath = await setUp(base);
    counter = workers ? await pgCounter(testPostgresUrl(), tag) : sqliteCounter(dataDir);
    const hook = { method: 'POST', path: hookPath, headers: { 'content-type': 'application/json' }, body: '{"n":21}' };
    const waitFor = async (target: number, timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const c = await counter!.finished();
        if (c.done >= target || Date.now() > until) return c;
        await sleep(50);
      }
    };
    // Warm-up (JIT, caches, pools): not counted.
    const warm = Number(opts.warmup);
    if (warm > 0) {
      await cannon(base, warm, hook);
      await cannon(base, warm, { path: '/health' });
      await waitFor(warm, 120_000);
    }
    console.log(`\n## ${mode === 'embedded' ? 'embedded (SQLite, runs in the server process)' : `queue (PostgreSQL + Redis, ${workers} atom worker process${workers > 1 ? 'es' : ''})`}; load average ${load()}`);
    for (const amount of AMOUNTS) {
      const loadBefore = load();
      const health = await cannon(base, amount, { path: '/health' });
      const before = await counter.finished();
      const rss = new Map(procs.map((p) => [p.name, { before: rssMb(p), peak: rssMb(p) }]));
      const sampler = setInterval(() => procs.forEach((p) => (rss.get(p.name)!.peak = Math.max(rss.get(p.name)!.peak, rssMb(p)))), 250);
      const t0 = performance.now();
      const hooks = await cannon(base, amount, hook);
      const acceptSeconds = (performance.now() - t0) / 1000;
      const after = await waitFor(before.done + hooks.ok, 600_000);
      const totalSeconds = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const burst: Burst = {
        amount,
        healthRps: Math.round(health.res.requests.average),
        healthP99: health.res.latency.p99,
        accepted: hooks.ok,
        acceptSeconds,
        runsPerSecond: Math.round((after.done - before.done) / totalSeconds),
        totalSeconds,
        p50: hooks.res.latency.p50,
        p99: hooks.res.latency.p99,
        max: hooks.res.latency.max,
        non2xx: hooks.non2xx,
        errors: hooks.res.errors,
        failedRuns: after.failed - before.failed + Math.max(0, before.done + hooks.ok - after.done),
        rss: procs.map((p) => `${p.name.split('-')[0]} ${rss.get(p.name)!.before} → ${rss.get(p.name)!.peak} (peak) → ${rssMb(p)} MB`).join('; '),
        load: `${loadBefore} → ${load()}`,
      };
      bursts.push(burst);
      console.log(
        [
          `### ${amount} webhooks, ${CONNECTIONS} connections (load average ${burst.load})`,
          `baseline GET /health: ${burst.healthRps} req/s, p99 ${burst.healthP99} ms`,
          `webhooks: ${hooks.ok} answered 2xx in ${acceptSeconds.toFixed(1)} s (${Math.round(hooks.ok / acceptSeconds)}/s); latency p50 ${burst.p50} ms, p99 ${burst.p99} ms, max ${burst.max} ms; non-2xx ${burst.non2xx || 'none'}; connection errors/timeouts ${burst.errors}`,
          `runs completed: ${after.done - before.done} in ${totalSeconds.toFixed(1)} s = **${burst.runsPerSecond} runs/s**; failed or unfinished ${burst.failedRuns}`,
          `RSS: ${burst.rss}`,
        ].join('\n'),
      );
    }
  } finally {
    await counter?.close();
    for (const p of [...procs].reverse()) await stop(p);
    if (opts.profile) {
      for (const p of procs) {
        const dir = path.join(opts.profile, p.name);
        const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
        for (const f of files) console.log(`\nCPU profile of ${p.name} (${path.join(dir, f)}):\n${summarizeProfile(path.join(dir, f))}`);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (workers) {
      await dropSchema(testPostgresUrl(), tag).catch(() => undefined);
      const redis = new Redis(testRedisUrl());
      const keys = await redis.keys(`${tag}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  }
  return bursts;
}

if (opts.profile) mkdirSync(opts.profile, { recursive: true });
console.log(`# Webhook → run over HTTP: 5-step flow, autocannon ${CONNECTIONS} connections, bursts of ${AMOUNTS.join(' and ')}; ${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} cores; load average ${load()}${opts.env.length ? `; server env ${opts.env.join(' ')}` : ''}`);
const summary: string[] = ['| mode | webhooks | baseline /health req/s | runs completed/s | webhook p50 / p99 ms | failed | RSS | load average |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
const all: (Burst & { mode: string })[] = [];
for (const mode of opts.modes.split(',')) {
  for (const b of await runMode(mode)) all.push({ mode, ...b });
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(all, null, 2));
for (const b of all) {
  const mode = b.mode;
  // Failed = webhooks not answered 2xx (refusals included: the sender has to retry) + failed or unfinished runs.
  summary.push(`| ${mode} | ${b.amount} | ${b.healthRps} | ${b.runsPerSecond} | ${b.p50} / ${b.p99} | ${b.amount - b.accepted + b.failedRuns}${b.non2xx ? ` (webhooks ${b.non2xx})` : ''} | ${b.rss} | ${b.load} |`);
}
console.log(`\n${summary.join('\n')}`);
process.exit(0);
