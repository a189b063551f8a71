// Acceptance (issue #11, queue mode, in a real browser): a run started through API process A and executed
// by a separate `atom worker` streams its step events, through Redis, to a browser signed in on API
// process B. The page's EventSource receives contiguous event ids and the run's timeline fills in live,
// step by step, without a reload. All three processes are the compiled dist/, on PostgreSQL + Redis.
import http from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, loadConfig, migrateToLatest, type AppContext } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { generateFernetKey } from '../../src/vault/index.js';
import { freePort, queueModeEnv, spawnAtom, waitUntilOk, type AtomProcess } from '../deploy/support/atom-processes.js';
import { TEST_PASSWORD } from '../support/auth.js';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, screenshot } from '../support/browser.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../support/postgres.js';

const tag = `qe2e_${process.pid}_${Date.now().toString(36)}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-qe2e-'));
const env: Record<string, string> = {
  ...queueModeEnv({ tag, dataDir, postgresUrl: testPostgresUrl(), redisUrl: testRedisUrl(), vaultKey: generateFernetKey() }),
  ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
  ATOM_RETENTION_INTERVAL_MINUTES: '0',
  ATOM_LOGIN_DELAY_MS: '0',
  ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
  // The run's HTTP steps call this test's service on loopback, which the SSRF guard refuses unless allowed.
  ATOM_SSRF_ALLOW: '127.0.0.1',
};
const email = `stream-${tag}@example.test`;
/** Gap between the run's HTTP steps: longer than the page's batching, shorter than its 2 s fallback poll. */
const STEP_MS = 600;
const STEPS = ['hold', 'fetch_1', 'fetch_2', 'fetch_3', 'total'];

/**
 * Runs in the page before its scripts: records what the app's EventSource receives (id, type, run, step,
 * when) and when each timeline step first shows `succeeded`. A string, as the page's DOM types are not
 * loaded in this Node project.
 */
const recorder = `(() => {
  const Native = window.EventSource;
  window.__sse = [];
  window.__shown = {};
  class RecordingEventSource extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener('ready', (m) => window.__sse.push({ kind: 'ready', id: Number(m.lastEventId), at: performance.now() }));
      this.addEventListener('message', (m) => {
        let d = {};
        try { d = JSON.parse(m.data); } catch {}
        const data = d.data || {};
        window.__sse.push({ kind: 'message', id: Number(m.lastEventId), type: d.type, runId: data.runId, stepId: data.stepId, status: data.status, at: performance.now() });
      });
    }
  }
  window.EventSource = RecordingEventSource;
  const scan = () => {
    for (const el of document.querySelectorAll('[data-step]')) {
      const id = el.getAttribute('data-step');
      const control = el.querySelector('button');
      if (!(id in window.__shown) && control && /succeeded\\s*$/.test(control.textContent || '')) window.__shown[id] = performance.now();
    }
  };
  new MutationObserver(scan).observe(document, { childList: true, subtree: true, characterData: true });
})()`;

interface Received {
  kind: 'ready' | 'message';
  id: number;
  type?: string;
  runId?: string;
  stepId?: string;
  status?: string;
  at: number;
}

let ctx: AppContext;
const processes: AtomProcess[] = [];
let apiA: string;
let apiB: string;
let worker: AtomProcess;
let browser: Browser | undefined;
let context: BrowserContext;
let service: http.Server | undefined;
let serviceUrl: string;
/** Each call a run step made to the service, with the lease owner of the run at that moment. */
const calls: { path: string; runId: string; leaseOwner: string | null }[] = [];
let releaseHold: () => void = () => undefined;
let holdArrived: Promise<void>;

beforeAll(async () => {
  const startedAt = Date.now();
  if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is not built: run `npm run build:server` (npm test does).');
  if (!existsSync('web/dist/index.html')) throw new Error('web/dist is not built: run `npm run build:web` (npm test does).');
  // The schema is migrated once, by the test, as the migration job does in production.
  ctx = createContext(loadConfig({ ...env, ATOM_LOG_LEVEL: 'warn' }), { logger: createLogger({ level: 'warn', pretty: 'false' }) });
  await migrateToLatest(ctx.database);

  // The service the run's steps call: `/hold` answers once the test lets it (the browser is watching by
  // then); `/step` answers after STEP_MS. Each call notes which process holds the run's lease.
  let arrived: () => void = () => undefined;
  holdArrived = new Promise((resolve) => (arrived = resolve));
  const hold = new Promise<void>((resolve) => (releaseHold = resolve));
  service = http.createServer((req, res) => {
    const runId = String(req.headers['idempotency-key'] ?? '').split(':')[0] ?? '';
    const reqPath = req.url ?? '';
    void ctx.db
      .selectFrom('workflow_runs')
      .select('lease_owner')
      .where('id', '=', runId)
      .executeTakeFirst()
      .then(async (row) => {
        calls.push({ path: reqPath, runId, leaseOwner: row?.lease_owner ?? null });
        if (reqPath === '/hold') {
          arrived();
          await hold;
        } else {
          await new Promise((r) => setTimeout(r, STEP_MS));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
  });
  await new Promise<void>((resolve) => service?.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;

  const [portA, portB] = [await freePort(), await freePort()];
  apiA = `http://127.0.0.1:${portA}`;
  apiB = `http://127.0.0.1:${portB}`;
  worker = spawnAtom('worker', ['worker'], env, { from: 'dist' });
  processes.push(worker);
  processes.push(spawnAtom('api-a', ['serve'], { ...env, ATOM_PORT: String(portA) }, { from: 'dist' }));
  processes.push(spawnAtom('api-b', ['serve'], { ...env, ATOM_PORT: String(portB) }, { from: 'dist' }));
  const [launched] = await Promise.all([
    launchBrowser(),
    waitUntilOk(`${apiA}/ready`, 45_000),
    waitUntilOk(`${apiB}/ready`, 45_000),
    worker.waitForLog((l) => l['msg'] === 'worker ready', 45_000),
  ]);
  browser = launched;
  context = await browser.newContext({ bypassCSP: true });
  await context.addInitScript({ content: recorder });
  console.log(`queue-mode stream: 3 processes and the browser up in ${Date.now() - startedAt} ms`);
}, 55_000);

afterAll(async () => {
  // Each step runs even if an earlier one failed: no process, browser, schema or Redis key is left behind.
  releaseHold();
  const steps: (() => Promise<unknown>)[] = [
    async () => browser?.close(),
    () => Promise.all(processes.map((p) => p.stop('SIGKILL'))),
    async () => {
      service?.closeAllConnections();
      await new Promise((resolve) => (service ? service.close(resolve) : resolve(undefined)));
    },
    async () => ctx?.lifecycle.shutdown(ctx.logger),
    async () => {
      const redis = new Redis(testRedisUrl());
      try {
        const keys = await redis.keys(`${tag}:*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        await redis.quit();
      }
    },
    () => dropSchema(testPostgresUrl(), tag),
  ];
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((err: unknown) => failures.push(err));
  rmSync(dataDir, { recursive: true, force: true });
  if (failures.length) throw failures[0];
}, 30_000);

describe('queue mode in the browser (API A + API B + 1 worker, PostgreSQL + Redis)', () => {
  it('streams a worker-executed run started through API A to a page on API B, live and in order', { timeout: 45_000 }, async () => {
    // An account and an API token, through API A.
    const signup = await fetch(`${apiA}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: TEST_PASSWORD, name: 'Stream Owner' }),
    });
    expect(signup.status).toBe(201);
    const me = (await signup.json()) as { workspace: { id: string }; csrfToken: string };
    const cookie = signup.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('atom_session=')) ?? '';
    const tokenRes = await fetch(`${apiA}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken, 'x-atom-workspace': me.workspace.id },
      body: JSON.stringify({ name: 'queue-mode-stream', expiresInDays: 1 }),
    });
    expect(tokenRes.status).toBe(201);
    const bearer = { authorization: `Bearer ${((await tokenRes.json()) as { token: string }).token}`, 'content-type': 'application/json' };
    const steps = [
      { id: 'hold', type: 'http', input: { url: `${serviceUrl}/hold`, timeoutMs: 20_000 } },
      { id: 'fetch_1', type: 'http', input: { url: `${serviceUrl}/step` } },
      { id: 'fetch_2', type: 'http', input: { url: `${serviceUrl}/step` } },
      { id: 'fetch_3', type: 'http', input: { url: `${serviceUrl}/step` } },
      { id: 'total', type: 'transform', expression: '1 + 2' },
    ];
    const created = await fetch(`${apiA}/api/workflows`, { method: 'POST', headers: bearer, body: JSON.stringify({ name: 'Queue stream', definition: { trigger: { type: 'manual' }, steps } }) });
    expect(created.status).toBe(201);
    const workflowId = ((await created.json()) as { id: string }).id;

    // The person signs in through the browser, on API B, and lands on the run history.
    const page = await context.newPage();
    await page.goto(`${apiB}/workflows/runs`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.locator('input[type="password"]').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Run history' }).waitFor({ timeout: 10_000 });
    await page.waitForFunction('window.__sse.some((e) => e.kind === "ready")', undefined, { timeout: 10_000 });
    // Marks this document: a reload or a full navigation would lose the mark.
    await page.evaluate('window.__noReload = true');
    expect(await page.locator('[data-run-row]').count()).toBe(0);

    // The run starts through API A; the worker picks it up and its first step waits on the test.
    const started = await fetch(`${apiA}/api/workflows/${workflowId}/run`, { method: 'POST', headers: bearer, body: '{}' });
    expect(started.status).toBe(202);
    const runId = ((await started.json()) as { id: string }).id;
    await page.locator('[data-run-row]').first().waitFor({ timeout: 10_000 });
    await page.locator('[data-run-row] a').first().click();
    // The run page's title names its workflow and the run's short id ("Run of <workflow> <id>").
    await page.getByRole('heading', { name: runId.slice(-8) }).waitFor({ timeout: 10_000 });
    await holdArrived;
    expect(['queued', 'running']).toContain(await page.getByTestId('run-status').textContent());
    expect(await page.locator('[data-step]').count()).toBe(0);

    // Released: the steps finish one by one on the worker, and the page shows each as it happens.
    releaseHold();
    await page.getByTestId('run-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 15_000 });
    await page.locator('[data-step]').nth(STEPS.length - 1).waitFor();
    const received = await page.evaluate<Received[]>('window.__sse');
    const shown = await page.evaluate<Record<string, number>>('window.__shown');
    expect(await page.evaluate('window.__noReload === true')).toBe(true);

    // The EventSource got every event of the workspace, ids contiguous after the first `ready`.
    const firstReady = received.find((e) => e.kind === 'ready');
    const messages = received.filter((e) => e.kind === 'message');
    expect(firstReady).toBeDefined();
    expect(messages.map((e) => e.id)).toEqual(messages.map((_, i) => (firstReady?.id ?? 0) + 1 + i));
    const ofRun = messages.filter((e) => e.runId === runId);
    expect(ofRun.map((e) => e.type)).toEqual(['run.started', ...STEPS.map(() => 'run.step_finished'), 'run.finished']);
    expect(ofRun.filter((e) => e.type === 'run.step_finished').map((e) => e.stepId)).toEqual(STEPS);
    expect(ofRun.at(-1)?.status).toBe('succeeded');

    // Each step showed `succeeded` in the timeline, in order, soon after its event: the stream drove the
    // page (its fallback poll every 2 s could not show steps 600 ms apart each within a second).
    const eventAt = new Map(ofRun.filter((e) => e.type === 'run.step_finished').map((e) => [e.stepId, e.at]));
    const shownAt = STEPS.map((s) => shown[s]);
    expect(shownAt.every((t) => typeof t === 'number')).toBe(true);
    const at = shownAt as number[];
    expect(at).toEqual([...at].sort((x, y) => x - y));
    const lags = STEPS.map((s, i) => Math.round((at[i] ?? 0) - (eventAt.get(s) ?? 0)));
    console.log(`queue-mode stream: step shown in the page ${lags.join(' / ')} ms after its event; spread over ${Math.round((at.at(-1) ?? 0) - (at[0] ?? 0))} ms`);
    for (const lag of lags) expect(lag).toBeLessThan(1000);
    expect((at.at(-1) ?? 0) - (at[0] ?? 0)).toBeGreaterThan(2 * STEP_MS);

    // Executed by the worker, not by API A or B: every step's call came while the worker held the run's
    // lease, and neither API process started workflow workers (queue mode).
    const workerOwner = (await worker.waitForLog((l) => l['msg'] === 'workflow workers started', 1000))['owner'];
    expect(typeof workerOwner).toBe('string');
    const ofThisRun = calls.filter((c) => c.runId === runId);
    expect(ofThisRun.map((c) => c.path)).toEqual(['/hold', '/step', '/step', '/step']);
    expect(ofThisRun.every((c) => c.leaseOwner === workerOwner)).toBe(true);
    for (const api of processes.filter((p) => p !== worker)) {
      expect(api.logs.some((l) => l['msg'] === 'workflow workers started')).toBe(false);
      expect(api.logs.find((l) => String(l['msg']).startsWith('Atom is serving'))?.['queue']).toBe('redis');
    }

    await screenshot(page, 'queue-mode-stream');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
