// Acceptance: the production topology on one machine. Two `atom serve` and two `atom worker` processes on
// PostgreSQL + Redis (queue mode) behind a round-robin proxy: requests are balanced, workflow runs are
// spread over both workers, and killing one API process costs no request beyond the proxy's retries.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, loadConfig, migrateToLatest, type AppContext } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { generateFernetKey } from '../../src/vault/index.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../support/postgres.js';
import { freePort, queueModeEnv, spawnAtom, waitUntilOk, type AtomProcess } from './support/atom-processes.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './support/round-robin-proxy.js';

const tag = `mp_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-mp-'));
const env: Record<string, string> = {
  ...queueModeEnv({ tag, dataDir, postgresUrl: testPostgresUrl(), redisUrl: testRedisUrl(), vaultKey: generateFernetKey() }),
  // Two runs at a time per worker: a burst of runs needs both workers.
  ATOM_WORKFLOW_CONCURRENCY: '2',
  ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
  ATOM_RETENTION_INTERVAL_MINUTES: '0',
  // Every test request comes from 127.0.0.1: the per-address limit of anonymous requests would answer 429.
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
  // The slow fake service listens on loopback, which the SSRF guard refuses unless allow-listed.
  ATOM_SSRF_ALLOW: '127.0.0.1',
};

let ctx: AppContext;
const apis: { process: AtomProcess; url: string }[] = [];
const workers: AtomProcess[] = [];
let proxy: RoundRobinProxy;

let startupMs = 0;
beforeAll(async () => {
  const started = Date.now();
  // The schema is migrated once, as the migration Job / compose `migrate` service does.
  ctx = createContext(loadConfig({ ...env, ATOM_LOG_LEVEL: 'warn' }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
  await migrateToLatest(ctx.database);
  for (const i of [1, 2]) {
    const port = await freePort();
    apis.push({ process: spawnAtom(`api-${i}`, ['serve'], { ...env, ATOM_PORT: String(port) }), url: `http://127.0.0.1:${port}` });
    workers.push(spawnAtom(`worker-${i}`, ['worker'], env));
  }
  await Promise.all([
    ...apis.map((a) => waitUntilOk(`${a.url}/ready`, 150_000)),
    ...workers.map((w) => w.waitForLog((l) => l['msg'] === 'worker ready', 150_000)),
  ]);
  proxy = await startRoundRobinProxy(apis.map((a) => a.url));
  startupMs = Date.now() - started;
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([...apis.map((a) => a.process.stop('SIGKILL')), ...workers.map((w) => w.stop('SIGKILL'))]);
  await ctx?.lifecycle.shutdown(ctx.logger);
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${tag}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await dropSchema(testPostgresUrl(), tag);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Resident memory of a child process, in MB (Linux /proc). */
const rssMb = (p: AtomProcess) => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

/** Signs up the first account through the proxy and makes an API token for it (as a client would). */
async function signUpThroughProxy(): Promise<Record<string, string>> {
  const signup = await fetch(`${proxy.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `ops-${tag}@example.test`, password: 'correct horse battery staple', name: 'Ops' }),
  });
  const me = (await signup.json()) as { workspace: { id: string }; csrfToken: string };
  if (signup.status !== 201 && signup.status !== 200) throw new Error(`sign-up answered ${signup.status}`);
  const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
  const tokenRes = await fetch(`${proxy.url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id },
    body: JSON.stringify({ name: 'multi-process', expiresInDays: 1 }),
  });
  if (tokenRes.status !== 201 && tokenRes.status !== 200) throw new Error(`token answered ${tokenRes.status}: ${await tokenRes.text()}`);
  const { token } = (await tokenRes.json()) as { token: string };
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** Requests of `route` counted by the API process itself (its /metrics, asked directly). */
async function servedBy(apiUrl: string, route: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  return [...text.matchAll(/^atom_http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm)]
    .filter((m) => (m[1] ?? '').includes(`route="${route}"`))
    .reduce((sum, m) => sum + Number(m[2]), 0);
}

describe('2 API processes + 2 workers on PostgreSQL and Redis behind a round-robin proxy', () => {
  it('balances requests over both API processes', async () => {
    const before = await Promise.all(apis.map((a) => servedBy(a.url, '/health')));
    const answers = await Promise.all(Array.from({ length: 100 }, () => fetch(`${proxy.url}/health`).then((r) => r.status)));
    expect(answers.every((s) => s === 200)).toBe(true);
    const after = await Promise.all(apis.map((a) => servedBy(a.url, '/health')));
    const counts = after.map((n, i) => n - (before[i] ?? 0));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
    // Round-robin: an even split, as each process counts it.
    expect(counts).toEqual([50, 50]);
  });

  it('spreads workflow runs over both workers', async () => {
    // Each run calls this local endpoint, which notes which worker holds the run's lease, then answers
    // after 300 ms (so runs overlap and a burst cannot be drained by one worker).
    const ownerOfRun = new Map<string, string>();
    const slow = http.createServer((req, res) => {
      const runId = String(req.headers['idempotency-key'] ?? '').split(':')[0] ?? '';
      void ctx.db
        .selectFrom('workflow_runs')
        .select('lease_owner')
        .where('id', '=', runId)
        .executeTakeFirst()
        .then((row) => {
          if (row?.lease_owner) ownerOfRun.set(runId, row.lease_owner);
          setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 300);
        });
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/work`;
    try {
      // Everything through the proxy and the public API: the API processes only enqueue to Redis; the
      // workers execute.
      const headers = await signUpThroughProxy();
      const definition = { trigger: { type: 'manual' }, steps: [{ id: 'call', type: 'http', input: { url: slowUrl } }] };
      const created = await fetch(`${proxy.url}/api/workflows`, { method: 'POST', headers, body: JSON.stringify({ name: 'slow call', definition }) });
      expect(created.status).toBe(201);
      const wf = (await created.json()) as { id: string };
      const runs = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const res = await fetch(`${proxy.url}/api/workflows/${wf.id}/run`, { method: 'POST', headers, body: JSON.stringify({ version: 'latest' }) });
          expect(res.status).toBe(202);
          return (await res.json()) as { id: string };
        }),
      );
      const statusOf = async (id: string) => ((await (await fetch(`${proxy.url}/api/runs/${id}`, { headers })).json()) as { status: string }).status;
      const deadline = Date.now() + 60_000;
      let statuses: string[] = [];
      while (Date.now() < deadline) {
        statuses = await Promise.all(runs.map((r) => statusOf(r.id)));
        if (statuses.every((st) => ['succeeded', 'failed', 'cancelled'].includes(st))) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(statuses).toEqual(runs.map(() => 'succeeded'));

      const workerOwners = await Promise.all(workers.map((w) => w.waitForLog((l) => l['msg'] === 'workflow workers started', 5000).then((l) => String(l['owner']))));
      const perWorker = workerOwners.map((owner) => [...ownerOfRun.values()].filter((o) => o === owner).length);
      expect(perWorker.reduce((a, b) => a + b, 0)).toBe(12);
      for (const n of perWorker) expect(n).toBeGreaterThanOrEqual(2);
      console.log(
        `multi-process: 4 processes ready in ${(startupMs / 1000).toFixed(1)} s; 12 runs per worker: ${perWorker.join(' / ')}; RSS api ${apis.map((a) => rssMb(a.process)).join('/')} MB, worker ${workers.map(rssMb).join('/')} MB (tsx)`,
      );
    } finally {
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  }, 90_000);

  it('loses no request when one API process is killed: the proxy retries on the other', async () => {
    const [victim, survivor] = apis as [(typeof apis)[0], (typeof apis)[0]];
    const retriedBefore = proxy.stats.retried;
    const statuses: number[] = [];
    const errors: string[] = [];
    let killed = false;
    const stopAt = Date.now() + 4000;
    // 8 clients sending requests back to back for 4 s; the victim is SIGKILLed after 1 s.
    const client = async () => {
      while (Date.now() < stopAt) {
        try {
          statuses.push((await fetch(`${proxy.url}/ready`)).status);
        } catch (err) {
          const cause = (err as Error & { cause?: Error & { code?: string } }).cause;
          errors.push(`${(err as Error).message}${cause ? `: ${cause.message} ${cause.code ?? ''}` : ''} (${killed ? 'after' : 'before'} the kill)`);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, client));
    await new Promise((r) => setTimeout(r, 1000));
    const servedBeforeKill = statuses.length;
    victim.process.child.kill('SIGKILL');
    killed = true;
    await victim.process.exited;
    await load;

    expect(killed).toBe(true);
    expect(errors).toEqual([]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(proxy.stats.failed).toBe(0);
    // Requests kept flowing after the kill, all on the survivor, and the proxy did retry.
    expect(statuses.length).toBeGreaterThan(servedBeforeKill + 20);
    expect(proxy.stats.retried).toBeGreaterThan(retriedBefore);
    expect(await servedBy(survivor.url, '/ready')).toBeGreaterThan(0);
    console.log(`multi-process: ${statuses.length} requests in 4 s with api-1 killed after 1 s: ${proxy.stats.retried - retriedBefore} retried by the proxy, 0 failed`);
  }, 60_000);
});
