// Load benchmark (issue #10): 1,000 concurrent connections against the API mix people generate (session
// checks, memory search, webhook triggers, run listing, chat with a fake model) on the compiled server,
// embedded (SQLite, in-process jobs) and queue mode (PostgreSQL + Redis + one `atom worker`).
//
//   npm run bench:load                         both modes, 30 s each, 1,000 connections
//   npm run bench:load -- --mode embedded --duration 20 --connections 500
//   npm run bench:load -- --amount 60000       a fixed request count instead of a duration
//   npm run bench:load -- --think 10           paced phase: each user sends one request per 10 s (default 20)
//   npm run bench:load -- --max-in-flight 64   with the server's overload guard (ATOM_HTTP_MAX_IN_FLIGHT) on
//
// Needs a built server (npm run build:server); queue mode needs PostgreSQL and Redis (ATOM_TEST_DATABASE_URL,
// ATOM_TEST_REDIS_URL; defaults to the local ones). Not part of `npm test`.
// Baseline, same process and same connection count: GET /health (no auth, no storage), 10 s.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'undici';
import { Redis } from 'ioredis';
import { generateFernetKey } from '../../src/vault/index.js';
import { startFakeOpenAI } from '../../test/fakes/openai/server.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../../test/support/postgres.js';

const { values: opts } = parseArgs({
  options: {
    mode: { type: 'string', default: 'both' },
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '1000' },
    amount: { type: 'string' },
    documents: { type: 'string', default: '300' },
    think: { type: 'string', default: '20' },
    'max-in-flight': { type: 'string', default: '0' },
  },
});
const root = path.resolve(new URL('../../', import.meta.url).pathname);
const cli = path.join(root, 'dist/cli/main.js');
if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: run `npm run build:server` first.');
const DURATION = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const AMOUNT = opts.amount ? Number(opts.amount) : undefined;
const THINK_S = Number(opts.think);
const modes = opts.mode === 'both' ? (['embedded', 'queue'] as const) : ([opts.mode as 'embedded' | 'queue'] as const);

/** Share of the connections per endpoint: the mix. */
const MIX = { session: 0.3, search: 0.25, runs: 0.2, webhook: 0.15, chat: 0.1 } as const;
type Endpoint = keyof typeof MIX;

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
  child: ChildProcess;
  output: () => string;
}
function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Keep the last 20 KB only: the logs are drained, never allowed to block the process.
  const keep = (d: Buffer) => void (out = (out + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => out };
}
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
  const t = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return (await res.json()) as T;
}

const words = 'invoice contract meeting roadmap budget customer release incident backup migration quarterly review onboarding security vendor renewal'.split(' ');
const docText = (i: number) => {
  let text = `# Document ${i}\n\n`;
  for (let p = 0; p < 8; p++) text += `${Array.from({ length: 40 }, (_, w) => words[(i * 7 + p * 3 + w) % words.length]).join(' ')}.\n\n`;
  return text;
};

/** Signs up, makes a token, seeds documents, a webhook workflow, runs and an AI key. */
async function seed(base: string, openaiUrl: string) {
  const signup = await fetch(`${base}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'load@example.test', password: 'correct horse battery staple', name: 'Load' }) });
  const me = await json<{ workspace: { id: string }; csrfToken: string }>(signup, 'sign-up');
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
  const session = { cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id, 'content-type': 'application/json' };
  const { token } = await json<{ token: string }>(await fetch(`${base}/api/tokens`, { method: 'POST', headers: session, body: JSON.stringify({ name: 'load', expiresInDays: 1 }) }), 'token');
  const bearer = { authorization: `Bearer ${token}` };
  const docs = Number(opts.documents);
  for (let i = 0; i < docs; i += 25) {
    const boundary = `b${i}`;
    let payload = '';
    for (let j = i; j < Math.min(docs, i + 25); j++) payload += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc-${j}.md"\r\nContent-Type: text/markdown\r\n\r\n${docText(j)}\r\n`;
    payload += `--${boundary}--\r\n`;
    await json(await fetch(`${base}/api/memory/documents?wait=true`, { method: 'POST', headers: { ...bearer, 'content-type': `multipart/form-data; boundary=${boundary}` }, body: payload }), 'upload');
  }
  const wf = await json<{ id: string }>(
    await fetch(`${base}/api/workflows`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'load hook', definition: { trigger: { type: 'webhook', methods: ['POST'] }, steps: [{ id: 'note', type: 'set', values: { got: '{{ trigger.body.n }}' } }] } }) }),
    'workflow',
  );
  const act = await json<{ webhook: { url: string } }>(await fetch(`${base}/api/workflows/${wf.id}/activate`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{}' }), 'activate');
  const hookPath = new URL(act.webhook.url, base).pathname;
  for (let i = 0; i < 50; i++) await json(await fetch(`${base}${hookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n: i }) }), 'webhook seed');
  await json(await fetch(`${base}/api/ai/keys`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'openai', apiKey: 'sk-load-test-key-1234567890abcd', baseUrl: `${openaiUrl}/v1` }) }), 'ai key');
  return { bearer, cookie, hookPath };
}

interface EndpointResult {
  endpoint: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  limited: number;
  errors: number;
  detail: string;
}
const pct = (sorted: number[], p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!) : 0);

/** One autocannon instance per endpoint, all at once: per-endpoint latency under the combined load. */
async function blast(base: string, duration: number, plan: { name: string; connections: number; requests: { method?: string; path: string; headers?: Record<string, string>; body?: string }[] }[]): Promise<EndpointResult[]> {
  const runs = plan.map((p) => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const inst = autocannon({
      url: base,
      connections: p.connections,
      ...(AMOUNT ? { amount: Math.max(p.connections, Math.round(AMOUNT * (p.connections / CONNECTIONS))) } : { duration }),
      timeout: 10,
      requests: p.requests,
      title: p.name,
    });
    inst.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    return { p, inst, latencies, statuses };
  });
  const results = await Promise.all(runs.map((r) => r.inst));
  return runs.map((r, i) => {
    const res = results[i]!;
    const sorted = r.latencies.sort((a, b) => a - b);
    const ok = [...r.statuses].filter(([s]) => s >= 200 && s < 300).reduce((a, [, n]) => a + n, 0);
    const limited = r.statuses.get(429) ?? 0;
    const other = [...r.statuses].filter(([s]) => !(s >= 200 && s < 300) && s !== 429).reduce((a, [, n]) => a + n, 0);
    return {
      endpoint: r.p.name,
      connections: r.p.connections,
      requests: sorted.length,
      rps: Math.round(sorted.length / res.duration),
      p50: pct(sorted, 50),
      p95: pct(sorted, 95),
      p99: pct(sorted, 99),
      ok,
      limited,
      // autocannon counts a timeout among its errors too: `errors` is every request without an answer.
      errors: other + res.errors,
      detail: [...[...r.statuses].filter(([s]) => !(s >= 200 && s < 300)).map(([s, n]) => `${s}×${n}`), ...(res.errors ? [`no answer×${res.errors}, of which timeouts×${res.timeouts}`] : [])].join(' '),
    };
  });
}

type Spec = { method?: string; path: string; headers?: Record<string, string>; body?: string };

/**
 * Paced users: every connection is one user with its own keep-alive connection who sends a request, then
 * thinks for THINK_S seconds (±50 %), for `duration` seconds. All CONNECTIONS stay open; the offered rate
 * is CONNECTIONS / THINK_S requests a second, so latency is measured below saturation (autocannon's
 * closed loop measures it at saturation).
 */
async function paced(base: string, duration: number, plan: { name: string; connections: number; requests: Spec[] }[]): Promise<EndpointResult[]> {
  const deadline = Date.now() + duration * 1000;
  const started = performance.now();
  const out = plan.map((p) => ({ p, latencies: [] as number[], statuses: new Map<number, number>(), errors: 0, errorKinds: new Map<string, number>() }));
  await Promise.all(
    out.flatMap((o) =>
      Array.from({ length: o.p.connections }, async (_, user) => {
        const client = new Client(base, { keepAliveTimeout: 120_000, headersTimeout: 10_000, bodyTimeout: 10_000 });
        await sleep(Math.random() * THINK_S * 1000); // users arrive spread over one think time
        for (let i = user; Date.now() < deadline; i++) {
          const spec = o.p.requests[i % o.p.requests.length]!;
          const t0 = performance.now();
          try {
            const res = await client.request({ method: (spec.method ?? 'GET') as 'GET', path: spec.path, headers: spec.headers ?? {}, body: spec.body ?? null });
            await res.body.dump();
            o.latencies.push(performance.now() - t0);
            o.statuses.set(res.statusCode, (o.statuses.get(res.statusCode) ?? 0) + 1);
          } catch (err) {
            o.errors++;
            const kind = (err as { code?: string }).code ?? (err as Error).name;
            o.errorKinds.set(kind, (o.errorKinds.get(kind) ?? 0) + 1);
          }
          await sleep(THINK_S * 1000 * (0.5 + Math.random()));
        }
        await client.close().catch(() => undefined);
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  return out.map((o) => {
    const sorted = o.latencies.sort((a, b) => a - b);
    const ok = [...o.statuses].filter(([st]) => st >= 200 && st < 300).reduce((a, [, n]) => a + n, 0);
    const limited = o.statuses.get(429) ?? 0;
    const other = [...o.statuses].filter(([st]) => !(st >= 200 && st < 300) && st !== 429).reduce((a, [, n]) => a + n, 0);
    return {
      endpoint: o.p.name,
      connections: o.p.connections,
      requests: sorted.length + o.errors,
      rps: Math.round((sorted.length + o.errors) / seconds),
      p50: pct(sorted, 50),
      p95: pct(sorted, 95),
      p99: pct(sorted, 99),
      ok,
      limited,
      errors: other + o.errors,
      detail: [...[...o.statuses].filter(([st]) => !(st >= 200 && st < 300)).map(([st, n]) => `${st}×${n}`), ...[...o.errorKinds].map(([k, n]) => `${k}×${n}`)].join(' '),
    };
  });
}

function table(rows: EndpointResult[]) {
  const lines = ['| endpoint | conns | requests | req/s | p50 ms | p95 ms | p99 ms | 2xx | 429 (deliberate) | errors |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.endpoint} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.ok} | ${r.limited} | ${r.errors}${r.detail && r.errors ? ` (${r.detail})` : ''} |`);
  const total = rows.reduce((a, r) => ({ req: a.req + r.requests, rps: a.rps + r.rps, err: a.err + r.errors, lim: a.lim + r.limited }), { req: 0, rps: 0, err: 0, lim: 0 });
  lines.push(`| **all** | ${rows.reduce((a, r) => a + r.connections, 0)} | ${total.req} | ${total.rps} | | | | | ${total.lim} | ${total.err} (${total.req ? ((100 * total.err) / total.req).toFixed(2) : '0'} %) |`);
  return lines.join('\n');
}

async function runMode(mode: 'embedded' | 'queue') {
  const openai = await startFakeOpenAI();
  const dataDir = mkdtempSync(path.join(tmpdir(), `atom-load-${mode}-`));
  const tag = `load_${process.pid}_${Date.now().toString(36)}`;
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    ATOM_HOST: '127.0.0.1',
    ATOM_PORT: String(port),
    ATOM_DATA_DIR: dataDir,
    ATOM_VAULT_KEYS: generateFernetKey(),
    ATOM_LOG_LEVEL: 'warn',
    ATOM_LOG_PRETTY: 'false',
    // One user from one address generates the whole load; the per-user and per-address limits would
    // turn it into 429s by design. The per-webhook limit (6,000/min) stays: its 429s are the deliberate ones.
    ATOM_RATE_LIMIT_PER_MINUTE: '1000000',
    ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
    // The AI key points at the local fake model server, which the SSRF guard allows only when listed.
    ATOM_SSRF_ALLOW: '127.0.0.1',
    // 0 = the server's default (off); see docs/reliability.md for runs with the overload guard on.
    ATOM_HTTP_MAX_IN_FLIGHT: opts['max-in-flight'],
    ...(mode === 'queue' ? { ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: tag, ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: tag, ATOM_DATABASE_POOL_MAX: '20' } : {}),
  };
  const server = start(['serve'], env);
  const base = `http://127.0.0.1:${port}`;
  const procs: { name: string; p: Proc }[] = [{ name: 'server', p: server }];
  try {
    for (let i = 0; ; i++) {
      if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
      if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) break;
      if (i > 600) throw new Error(`server not ready:\n${server.output()}`);
      await sleep(200);
    }
    if (mode === 'queue') {
      const worker = start(['worker'], { ...env, ATOM_MIGRATE_ON_START: 'false', ATOM_LOG_LEVEL: 'info' });
      procs.push({ name: 'worker', p: worker });
      for (let i = 0; !worker.output().includes('worker ready'); i++) {
        if (worker.child.exitCode !== null || i > 600) throw new Error(`worker did not start:\n${worker.output()}`);
        await sleep(200);
      }
    }
    const seedStarted = performance.now();
    const s = await seed(base, openai.url);
    console.log(`\n## ${mode} mode: seeded ${opts.documents} documents, a webhook workflow, 50 runs in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s; load average ${load()}`);

    // Service times with no other load: one request at a time.
    const serial = async (pathname: string, headers: Record<string, string>, n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await fetch(`${base}${pathname}`, { headers });
        await r.arrayBuffer();
        ms.push(performance.now() - t0);
      }
      ms.sort((a, b) => a - b);
      return `p50 ${pct(ms, 50)} ms, max ${pct(ms, 100)} ms`;
    };
    console.log(`one at a time: GET /health ${await serial('/health', {}, 30)}; GET /api/auth/me ${await serial('/api/auth/me', { cookie: s.cookie }, 30)}; GET /api/memory/search ${await serial('/api/memory/search?q=invoice%20budget&limit=10', s.bearer, 20)}; GET /api/runs ${await serial('/api/runs?limit=50', s.bearer, 20)}`);

    const rss: Record<string, number[]> = Object.fromEntries(procs.map((x) => [x.name, []]));
    const sampler = setInterval(() => procs.forEach((x) => rss[x.name]!.push(rssMb(x.p))), 1000);
    const rssBefore = procs.map((x) => `${x.name} ${rssMb(x.p)} MB`).join(', ');

    // Baseline: the cheapest route, same connections, same process.
    const baseline = await blast(base, Math.min(10, DURATION), [{ name: 'GET /health (baseline)', connections: CONNECTIONS, requests: [{ path: '/health' }] }]);
    console.log(`baseline, load average ${load()}\n${table(baseline)}`);

    const n = (e: Endpoint) => Math.round(CONNECTIONS * MIX[e]);
    // 64 distinct two-word queries (each connection walks through them): repeats exist, as in real use,
    // but most concurrent searches differ.
    const queries = Array.from({ length: 64 }, (_, i) => `${words[i % words.length]}%20${words[(i * 5 + 3) % words.length]}`);
    const bearerJson = { ...s.bearer, 'content-type': 'application/json' };
        const plan = [
      { name: 'GET /api/auth/me (session check, cookie)', connections: n('session'), requests: [{ path: '/api/auth/me', headers: { cookie: s.cookie } }] },
      { name: 'GET /api/memory/search', connections: n('search'), requests: queries.map((q) => ({ path: `/api/memory/search?q=${q}&limit=10`, headers: s.bearer })) },
      { name: 'GET /api/runs (run listing)', connections: n('runs'), requests: [{ path: '/api/runs?limit=50', headers: s.bearer }] },
      { name: 'POST /api/hooks/:token (webhook trigger)', connections: n('webhook'), requests: [{ method: 'POST', path: s.hookPath, headers: { 'content-type': 'application/json' }, body: '{"n":1}' }] },
      { name: 'POST /api/chat (fake model)', connections: n('chat'), requests: [{ method: 'POST', path: '/api/chat', headers: bearerJson, body: '{"message":"Say hello"}' }] },
    ];
    const pacedStartLoad = load();
    const pacedRows = await paced(base, DURATION, plan);
    console.log(`paced users (${CONNECTIONS} keep-alive connections, one request per ${THINK_S} s ±50 % each, about ${Math.round(CONNECTIONS / THINK_S)} req/s offered, ${DURATION} s), load average before ${pacedStartLoad}, after ${load()}\n${table(pacedRows)}`);
    const loadAvgBefore = load();
    const mixed = await blast(base, DURATION, plan);
    console.log(`closed-loop mix (${AMOUNT ? `${AMOUNT} requests` : `${DURATION} s`}, ${CONNECTIONS} connections), load average before ${loadAvgBefore}, after ${load()}\n${table(mixed)}`);
    clearInterval(sampler);
    const pacedSearch = pacedRows.find((r) => r.endpoint.includes('memory/search'))!;
    console.log(`paced: memory search p99 ${pacedSearch.p99} ms over ${pacedSearch.ok} answers (target < 250 ms: ${pacedSearch.ok > 0 && pacedSearch.p99 < 250 ? 'met' : 'NOT met'}); errors other than 429: ${pacedRows.reduce((a, r) => a + r.errors, 0)}`);
    const search = mixed.find((r) => r.endpoint.includes('memory/search'))!;
    console.log(`memory search p99 ${search.p99} ms over ${search.requests} answers (target < 250 ms: ${search.requests > 0 && search.p99 < 250 ? 'met' : 'NOT met'}); errors other than 429: ${mixed.reduce((a, r) => a + r.errors, 0)} (target 0)`);
    const every5 = (xs: number[]) => xs.filter((_, i) => i % 5 === 0).join(' ');
    console.log(`RSS before: ${rssBefore}`);
    for (const x of procs) console.log(`RSS ${x.name} every 5 s over both phases (MB): ${every5(rss[x.name]!)}; peak ${Math.max(...rss[x.name]!)} MB; after ${rssMb(x.p)} MB`);
    // Nothing lost: every webhook answered 2xx became a run, and every run finishes once the load stops.
    const hook = mixed.find((r) => r.endpoint.includes('webhook'))!;
    // Right after the load the server may still be busy with abandoned requests: honour its 429s.
    const patientFetch = async (url: string, init: RequestInit) => {
      for (let i = 0; ; i++) {
        const res = await fetch(url, init);
        if (res.status !== 429 || i > 120) return res;
        await res.arrayBuffer();
        await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
      }
    };
    const countRuns = async (status?: string) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page: { items: unknown[]; nextCursor: string | null } = await json(await patientFetch(`${base}/api/runs?limit=200${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: s.bearer }), 'runs');
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    const drainStarted = performance.now();
    let unfinished = 0;
    for (let i = 0; i < 300; i++) {
      unfinished = (await countRuns('queued')) + (await countRuns('running'));
      if (!unfinished) break;
      await sleep(1000);
    }
    const runsTotal = await countRuns();
    const succeeded = await countRuns('succeeded');
    // The server's own count of webhook answers in 2xx: it includes requests still in flight when the
    // load generator stopped (answered, but not counted by autocannon).
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    const accepted = [...metrics.matchAll(/^atom_http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm)]
      .filter((m) => (m[1] ?? '').includes('route="/api/hooks/') && /status_code="2\d\d"/.test(m[1] ?? ''))
      .reduce((a, m) => a + Number(m[2]), 0);
    console.log(
      `webhook runs: ${accepted} webhook calls answered 2xx by the server (${hook.ok} of them seen by the load generator, 50 seeded); ${runsTotal} runs stored, ${succeeded} succeeded, ${unfinished} unfinished after ${((performance.now() - drainStarted) / 1000).toFixed(0)} s of draining${runsTotal >= accepted && succeeded === runsTotal ? ' (none lost: every answered webhook has its run, and every run succeeded)' : ' (MISMATCH)'}`,
    );
    if (server.child.exitCode !== null) console.log(`SERVER EXITED during the load:\n${server.output()}`);
  } finally {
    for (const x of procs.reverse()) await stop(x.p);
    await openai.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (mode === 'queue') {
      await dropSchema(testPostgresUrl(), tag).catch(() => undefined);
      const redis = new Redis(testRedisUrl());
      const keys = await redis.keys(`${tag}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  }
}

console.log(`# Load benchmark: ${CONNECTIONS} connections, ATOM_HTTP_MAX_IN_FLIGHT=${opts['max-in-flight']}, ${AMOUNT ? `${AMOUNT} requests` : `${DURATION} s`} per phase; machine: ${execFileSync('nproc').toString().trim()} cores; load average ${load()}`);
for (const mode of modes) await runMode(mode);
process.exit(0);
