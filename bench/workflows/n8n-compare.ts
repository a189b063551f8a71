/**
 * Atom against n8n 1.123 on the same 5-step webhook flow, same machine, same load generator (issue 21).
 *
 *   npm run build:server && npx tsx bench/workflows/n8n-compare.ts                # 5,000 webhooks each
 *   npx tsx bench/workflows/n8n-compare.ts --amount 20000 --dir /tmp/atom-n8n-1.123
 *   npx tsx bench/workflows/n8n-compare.ts --skip-atom                             # n8n alone
 *
 * Installs n8n 1.123 into a temporary folder (`--dir`, default /tmp/atom-n8n-1.123; kept for reruns, never
 * in the repository) with `nice npm install n8n@1.123` when it is not there, runs Atom's side through
 * bench/workflows/http-throughput.ts (embedded, SQLite), then starts n8n with its defaults (SQLite, regular
 * execution mode) in a fresh user folder, imports the equivalent workflow with `n8n import:workflow`,
 * activates it, and drives `POST /webhook/atom-bench` with the same autocannon settings (64 connections,
 * 127.0.0.1), waiting until every execution has finished (read from n8n's SQLite database). Baseline in the
 * same run: n8n's `GET /healthz`. Prints both and the ratio.
 *
 * The n8n workflow: Webhook (answers at once, "onReceived", like Atom's 202) → five Edit Fields (Set)
 * nodes computing what Atom's steps compute: n, n × 2, the log message (n8n has no log node; a Set
 * stands in), { double, n }, double + 1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string', default: path.join(tmpdir(), 'atom-n8n-1.123') },
    amount: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '64' },
    'skip-atom': { type: 'boolean', default: false },
  },
});
const AMOUNT = Number(opts.amount);
const CONNECTIONS = Number(opts.connections);
const root = path.resolve(new URL('../../', import.meta.url).pathname);
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// 1. n8n 1.123 in its own folder, outside the repository.
const n8nBin = path.join(opts.dir, 'node_modules/n8n/bin/n8n');
if (!existsSync(n8nBin)) {
  mkdirSync(opts.dir, { recursive: true });
  // n8n pins xlsx to a tarball on cdn.sheetjs.com; machines that reach only the npm registry take the
  // registry's last xlsx instead (used by n8n's spreadsheet nodes, not by this flow).
  writeFileSync(path.join(opts.dir, 'package.json'), '{"name":"n8n-bench","private":true,"overrides":{"xlsx":"0.18.5"}}\n');
  console.log(`installing n8n@1.123 into ${opts.dir} (large; a few minutes)…`);
  // Install scripts skipped: isolated-vm (n8n's optional sandbox) does not compile against Node 20's V8
  // headers and fails the whole install; only sqlite3's native binding is needed here, so it is built alone.
  execFileSync('nice', ['-n', '10', 'npm', 'install', 'n8n@1.123', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'], { cwd: opts.dir, stdio: 'inherit' });
  execFileSync('nice', ['-n', '10', 'npm', 'rebuild', 'sqlite3'], { cwd: opts.dir, stdio: 'inherit' });
}
const n8nVersion = (JSON.parse(readFileSync(path.join(opts.dir, 'node_modules/n8n/package.json'), 'utf8')) as { version: string }).version;

// 2. Atom's side, same settings (its own script, so both are measured the same way).
interface AtomBurst {
  amount: number;
  healthRps: number;
  runsPerSecond: number;
  p50: number;
  p99: number;
  failedRuns: number;
  errors: number;
  rss: string;
  load: string;
}
let atom: AtomBurst | undefined;
if (!opts['skip-atom']) {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'atom-vs-n8n-')), 'atom.json');
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/workflows/http-throughput.ts'), '--modes', 'embedded', '--amounts', String(AMOUNT), '--warmup', String(Math.min(500, Math.ceil(AMOUNT / 5))), '--connections', String(CONNECTIONS), '--json', out], { cwd: root, stdio: 'inherit' });
  atom = (JSON.parse(readFileSync(out, 'utf8')) as AtomBurst[])[0];
}

// 3. n8n.
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
const set = (name: string, assignments: { name: string; value: string; type: string }[], x: number, keep = true) => ({
  parameters: { ...(keep ? { includeOtherFields: true } : {}), assignments: { assignments: assignments.map((a, i) => ({ id: `${name}-${i}`, ...a })) }, options: {} },
  name,
  type: 'n8n-nodes-base.set',
  typeVersion: 3.4,
  position: [x, 0],
  id: randomUUID(),
});
const nodes = [
  { parameters: { httpMethod: 'POST', path: 'atom-bench', responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), id: randomUUID() },
  set('s1', [{ name: 'n', value: '={{ $json.body.n }}', type: 'number' }], 200, false),
  set('s2', [{ name: 'double', value: '={{ $json.n * 2 }}', type: 'number' }], 400),
  set('s3', [{ name: 'message', value: '=n={{ $json.n }}', type: 'string' }], 600),
  set('s4', [{ name: 'pair', value: '={{ { "double": $json.double, "n": $json.n } }}', type: 'object' }], 800),
  set('s5', [{ name: 'result', value: '={{ $json.pair.double + 1 }}', type: 'number' }], 1000),
];
const chain = ['Webhook', 's1', 's2', 's3', 's4', 's5'];
const workflowId = 'atomBench0000001';
const workflow = {
  id: workflowId,
  name: 'atom bench (5 steps)',
  active: true,
  nodes,
  connections: Object.fromEntries(chain.slice(0, -1).map((from, i) => [from, { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] }])),
  settings: { executionOrder: 'v1' },
};

const userFolder = mkdtempSync(path.join(tmpdir(), 'atom-n8n-user-'));
const port = await freePort();
const env = {
  PATH: process.env['PATH'] ?? '',
  HOME: userFolder,
  N8N_USER_FOLDER: userFolder,
  N8N_PORT: String(port),
  N8N_LISTEN_ADDRESS: '127.0.0.1',
  N8N_DIAGNOSTICS_ENABLED: 'false',
  N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
  N8N_TEMPLATES_ENABLED: 'false',
  N8N_SECURE_COOKIE: 'false',
  N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
  // 1.123's default expression engine runs in isolated-vm, which is not built here (see the install above);
  // the legacy engine evaluates the same expressions in-process.
  N8N_EXPRESSION_ENGINE: 'legacy',
};
const wfFile = path.join(userFolder, 'workflow.json');
writeFileSync(wfFile, JSON.stringify(workflow));
const n8n = (args: string[]) => execFileSync(process.execPath, [n8nBin, ...args], { env, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
console.log(`\n## n8n ${n8nVersion} (SQLite, defaults); importing the workflow… load average ${load()}`);
n8n(['import:workflow', `--input=${wfFile}`]);
n8n(['update:workflow', `--id=${workflowId}`, '--active=true']);
const child = spawn(process.execPath, [n8nBin, 'start'], { env, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
const keep = (d: Buffer) => void (log = (log + d.toString()).slice(-20_000));
child.stdout.on('data', keep);
child.stderr.on('data', keep);
const base = `http://127.0.0.1:${port}`;
const rssMb = () => {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
};
try {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`n8n exited:\n${log}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) {
      // Ready once the production webhook is registered.
      const probe = await fetch(`${base}/webhook/atom-bench`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":0}' }).catch(() => undefined);
      if (probe?.ok) break;
    }
    if (i > 1500) throw new Error(`n8n not ready:\n${log}`);
    await sleep(200);
  }
  const db = new Sqlite(path.join(userFolder, '.n8n/database.sqlite'), { readonly: true, fileMustExist: true });
  const finished = () => db.prepare<[], { done: number; failed: number }>("select count(*) as done, coalesce(sum(status <> 'success'), 0) as failed from execution_entity where status in ('success', 'error', 'crashed', 'canceled')").get() ?? { done: 0, failed: 0 };
  const cannon = async (amount: number, request: { method?: string; path: string; headers?: Record<string, string>; body?: string }) => {
    const statuses = new Map<number, number>();
    const inst = autocannon({ url: base, connections: CONNECTIONS, amount, timeout: 30, requests: [request] });
    inst.on('response', (_c: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
    const res = await inst;
    return { res, non2xx: [...statuses].filter(([s]) => s < 200 || s >= 300).map(([s, n]) => `${s}×${n}`).join(' ') };
  };
  const hook = { method: 'POST', path: '/webhook/atom-bench', headers: { 'content-type': 'application/json' }, body: '{"n":21}' };
  const waitFor = async (target: number) => {
    const until = Date.now() + 1_800_000;
    for (;;) {
      const c = finished();
      if (c.done >= target || Date.now() > until) return c;
      await sleep(100);
    }
  };
  // Warm-up, as on Atom's side.
  const warm = Math.min(500, Math.ceil(AMOUNT / 5));
  await cannon(warm, hook);
  await waitFor(warm + 1);
  const loadBefore = load();
  const health = await cannon(AMOUNT, { path: '/healthz' });
  const before = finished();
  const rssBefore = rssMb();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 250);
  const t0 = performance.now();
  const hooks = await cannon(AMOUNT, hook);
  const after = await waitFor(before.done + hooks.res['2xx']);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  db.close();
  const n8nRuns = Math.round((after.done - before.done) / seconds);
  const n8nFailed = after.failed - before.failed + hooks.res.errors + Math.max(0, before.done + hooks.res['2xx'] - after.done);
  console.log(`baseline GET /healthz: ${Math.round(health.res.requests.average)} req/s; webhooks: p50 ${hooks.res.latency.p50} ms, p99 ${hooks.res.latency.p99} ms, non-2xx ${hooks.non2xx || 'none'}; ${after.done - before.done} executions in ${seconds.toFixed(1)} s = ${n8nRuns} runs/s; failed ${n8nFailed}; RSS ${rssBefore} → ${peak} (peak) → ${rssMb()} MB; load average ${loadBefore} → ${load()}`);
  console.log(`\n| ${AMOUNT} webhooks, ${CONNECTIONS} connections | Atom (embedded, SQLite) | n8n ${n8nVersion} (SQLite) | ratio |\n| --- | --- | --- | --- |`);
  const ratio = (a: number | undefined, b: number) => (a === undefined || !b ? '–' : `${(a / b).toFixed(1)}×`);
  console.log(`| baseline health req/s | ${atom?.healthRps ?? '–'} | ${Math.round(health.res.requests.average)} | ${ratio(atom?.healthRps, health.res.requests.average)} |`);
  console.log(`| runs completed/s | ${atom?.runsPerSecond ?? '–'} | ${n8nRuns} | **${ratio(atom?.runsPerSecond, n8nRuns)}** |`);
  console.log(`| webhook p50 / p99 ms | ${atom ? `${atom.p50} / ${atom.p99}` : '–'} | ${hooks.res.latency.p50} / ${hooks.res.latency.p99} | ${ratio(hooks.res.latency.p50, atom?.p50 ?? 0)} faster at p50 |`);
  console.log(`| failed | ${atom ? atom.failedRuns + atom.errors : '–'} | ${n8nFailed} | |`);
  console.log(`| RSS | ${atom?.rss ?? '–'} | ${rssBefore} → ${peak} (peak) MB | |`);
  console.log(`| load average | ${atom?.load ?? '–'} | ${loadBefore} → ${load()} | |`);
} finally {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(t);
  }
  rmSync(userFolder, { recursive: true, force: true });
}
process.exit(0);
