// The worker's metrics listener: GET /metrics serves the process's registry, GET /health answers, other
// paths are problem+json 404s, it is off unless configured, and it closes on shutdown. Then a real
// `atom worker` process (queue mode) serves its workflow and process metrics on the configured port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Counter } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { queueModeEnv, spawnAtom, type AtomProcess } from '../../../test/deploy/support/atom-processes.js';
import { createTestContext } from '../../../test/support/context.js';
import { dropSchema, testPostgresUrl, testRedisUrl } from '../../../test/support/postgres.js';
import { generateFernetKey } from '../../vault/index.js';
import { serveWorkerMetrics } from './metrics-listener.js';

describe('serveWorkerMetrics', () => {
  it('is off unless ATOM_WORKER_METRICS_PORT is set', async () => {
    const t = await createTestContext('sqlite', {}, { migrate: false });
    try {
      expect(await serveWorkerMetrics(t.ctx)).toBeUndefined();
    } finally {
      await t.cleanup();
    }
  });

  it('serves the registry, a health probe and problem+json 404s, and closes on shutdown', async () => {
    const t = await createTestContext('sqlite', { ATOM_WORKER_METRICS_PORT: '0', ATOM_HOST: '127.0.0.1' }, { migrate: false });
    try {
      const jobs = new Counter({ name: 'atom_test_jobs_total', help: 'test jobs', registers: [t.ctx.metrics.registry] });
      jobs.inc(3);
      const listener = await serveWorkerMetrics(t.ctx);
      expect(listener).toBeDefined();
      const base = `http://127.0.0.1:${listener!.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      const text = await metrics.text();
      expect(text).toMatch(/^atom_test_jobs_total 3$/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      const health = await fetch(`${base}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const missing = await fetch(`${base}/api/runs`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(await missing.json()).toMatchObject({ code: 'http.not_found' });
      await t.ctx.lifecycle.shutdown(t.ctx.logger);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      await t.cleanup();
    }
  });
});

describe('atom worker (a real process, queue mode)', () => {
  const tag = `wm_${process.pid}_${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-worker-metrics-'));
  let worker: AtomProcess | undefined;
  afterAll(async () => {
    await worker?.stop();
    await dropSchema(testPostgresUrl(), tag).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves GET /metrics with its workflow and process metrics on ATOM_WORKER_METRICS_PORT', async () => {
    const env = queueModeEnv({ tag, dataDir, postgresUrl: testPostgresUrl(), redisUrl: testRedisUrl(), vaultKey: generateFernetKey() });
    worker = spawnAtom('worker', ['worker'], { ...env, ATOM_MIGRATE_ON_START: 'true', ATOM_WORKER_METRICS_PORT: '0' });
    const listening = await worker.waitForLog((l) => l['msg'] === 'worker metrics listening', 90_000);
    const port = Number(listening['port']);
    expect(port).toBeGreaterThan(0);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('# TYPE atom_workflow_runs_started_total counter');
    expect(text).toContain('# TYPE atom_workflow_run_execution_seconds histogram');
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    // The log says the worker is ready after the listener is up.
    await worker.waitForLog((l) => l['msg'] === 'worker ready', 30_000);
    expect(await worker.stop()).toBe(0);
  }, 150_000);
});
