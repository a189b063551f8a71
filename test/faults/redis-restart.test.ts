// Fault: Redis restarts in queue mode while a compiled `atom worker` executes runs. A private
// redis-server (AOF on, as deploy/docker-compose.yml runs it) is restarted; the shared one on 6379 is
// never touched. Runs that are queued, delayed (a retry timer) or executing at the restart all finish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullQueue, type JobQueue } from '../../src/platform/jobs/index.js';
import { newId } from '../../src/platform/index.js';
import { builtinActions, createActionRegistry } from '../../src/workflows/actions/index.js';
import { workflowDefinitionSchema } from '../../src/workflows/definition/schema.js';
import { createWorkflowEngine, type WorkflowEngine } from '../../src/workflows/engine/engine.js';
import { startSideEffectService, type SideEffectService } from '../fakes/side-effects/server.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { testPostgresUrl } from '../support/postgres.js';
import { spawnCompiledAtom, type Child } from './support/processes.js';
import { startPrivateRedis, type PrivateRedis } from './support/services.js';

const WS = 'ws-fault-redis';
const RUNS = 8;
const STEPS = 6;

describe('fault: Redis restart in queue mode (compiled `atom worker`)', () => {
  let svc: SideEffectService;
  let redis: PrivateRedis;
  let t: TestContext;
  let queue: JobQueue;
  let engine: WorkflowEngine;
  let worker: Child | undefined;
  const prefix = `fr${newId().replaceAll('-', '').slice(-12)}`;

  beforeAll(async () => {
    svc = await startSideEffectService();
    redis = await startPrivateRedis();
    t = await createTestContext('postgres', { ATOM_LOG_LEVEL: 'warn' });
    queue = createBullQueue({ redisUrl: redis.url, logger: t.ctx.logger, prefix });
    engine = createWorkflowEngine(t.ctx, { queue, actions: createActionRegistry(builtinActions) }); // enqueues only
  });
  afterAll(async () => {
    await worker?.kill9();
    await queue?.close();
    await redis?.remove();
    await svc?.close();
    await t?.cleanup();
  });

  it('queued, delayed and executing runs all finish; each side effect happened once', async () => {
    worker = spawnCompiledAtom('worker', ['worker'], {
      ATOM_DATA_DIR: t.dataDir,
      ATOM_DATABASE_URL: testPostgresUrl(),
      ATOM_DATABASE_SCHEMA: t.config.ATOM_DATABASE_SCHEMA ?? '',
      ATOM_DATABASE_POOL_MAX: '4',
      ATOM_REDIS_URL: redis.url,
      ATOM_JOBS_PREFIX: prefix,
      ATOM_MIGRATE_ON_START: 'false',
      ATOM_LOG_LEVEL: 'info',
      ATOM_WORKFLOW_LEASE_MS: '2000',
      ATOM_WORKFLOW_CONCURRENCY: '3',
      ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
      ATOM_RETENTION_INTERVAL_MINUTES: '0',
      // The side-effect fake listens on loopback, which the SSRF guard refuses unless allow-listed.
      ATOM_SSRF_ALLOW: '127.0.0.1',
    });
    await worker.waitForLog((l) => l['msg'] === 'workflow workers started', 60_000);

    // Each run: a call that fails once with Retry-After: 2 (a delayed job in Redis across the restart),
    // then side-effecting calls of 150 ms.
    const make = async (name: string, withFlaky: boolean) => {
      const steps = [
        ...(withFlaky ? [{ id: 'flaky', type: 'http' as const, input: { url: `${svc.url}/flaky/${name}-{{ $trigger.i }}?fail=1&retryAfter=2` } }] : []),
        ...Array.from({ length: STEPS }, (_, i) => ({ id: `s${i + 1}`, type: 'http' as const, input: { method: 'POST', url: `${svc.url}/effects?ms=150`, body: { step: i + 1 } } })),
      ];
      const wf = await engine.workflows.create({ workspaceId: WS, name, definition: workflowDefinitionSchema.parse({ trigger: { type: 'manual' }, steps }), author: 'u' });
      await engine.workflows.update(WS, wf.id, { published_version: 1, active: 1 });
      return wf.id;
    };
    const plain = await make('plain', false);
    const delayed = await make(`delayed-${prefix}`, true);
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) runIds.push((await engine.startRun({ workspaceId: WS, workflowId: i % 2 ? delayed : plain, version: 1, triggerType: 'manual', triggerData: { i } })).id);

    for (let i = 0; i < 400 && svc.effects.size < 4; i++) await new Promise((r) => setTimeout(r, 25));
    const statusesAtRestart = await Promise.all(runIds.map(async (id) => (await engine.runs.get(id))?.status));
    await redis.restart(1500);
    // A run started while Redis is back but the worker may still be reconnecting.
    runIds.push((await engine.startRun({ workspaceId: WS, workflowId: plain, version: 1, triggerType: 'manual', triggerData: { i: RUNS } })).id);

    const finished = await Promise.all(runIds.map((id) => engine.waitForRun(id, 90_000)));
    expect(finished.map((r) => r?.status)).toEqual(runIds.map(() => 'succeeded'));
    for (const [i, id] of runIds.entries()) {
      const journal = [...(await engine.journal.load(id)).values()];
      expect(journal.length).toBe(STEPS + (i < RUNS && i % 2 ? 1 : 0));
      expect(journal.every((e) => e.status === 'succeeded')).toBe(true);
    }
    const keys = [...svc.effects.keys()].filter((k) => runIds.some((id) => k.startsWith(`${id}:`)));
    expect(keys.length).toBe(runIds.length * STEPS);
    const repeated = [...svc.effects.values()].filter((v) => v.count > 1).length;
    console.log(`redis restart: ${runIds.length} runs (${statusesAtRestart.join(',')} at the restart) all succeeded; ${repeated} calls repeated with the same key, 0 lost`);
  }, 150_000);
});
