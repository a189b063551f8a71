// Fault: kill -9 of a compiled `atom worker` (queue mode: PostgreSQL + Redis) while it executes runs.
// The embedded-mode variant lives in src/workflows/acceptance/crash-recovery.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBullQueue, type JobQueue } from '../../src/platform/jobs/index.js';
import { newId } from '../../src/platform/index.js';
import { builtinActions, createActionRegistry } from '../../src/workflows/actions/index.js';
import { workflowDefinitionSchema } from '../../src/workflows/definition/schema.js';
import { createWorkflowEngine, type WorkflowEngine } from '../../src/workflows/engine/engine.js';
import { startSideEffectService, type SideEffectService } from '../fakes/side-effects/server.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { testPostgresUrl, testRedisUrl } from '../support/postgres.js';
import { spawnCompiledAtom, type Child } from './support/processes.js';

const WS = 'ws-fault-kill';
const RUNS = 6;
const STEPS = 10;

describe('fault: kill -9 of a compiled `atom worker` mid-run (queue mode)', () => {
  let svc: SideEffectService;
  let t: TestContext;
  let queue: JobQueue;
  let engine: WorkflowEngine;
  const workers: Child[] = [];
  const prefix = `fk${newId().replaceAll('-', '').slice(-12)}`;

  beforeAll(async () => {
    svc = await startSideEffectService();
    t = await createTestContext('postgres');
    queue = createBullQueue({ redisUrl: testRedisUrl(), logger: t.ctx.logger, prefix });
    // This engine only enqueues (never started): the workers execute.
    engine = createWorkflowEngine(t.ctx, { queue, actions: createActionRegistry(builtinActions) });
  });
  afterAll(async () => {
    for (const w of workers) await w.kill9();
    await queue?.close();
    await svc?.close();
    await t?.cleanup();
  });

  it('every run finishes on the surviving worker; each side effect happened once', async () => {
    const env: Record<string, string> = {
      ATOM_DATA_DIR: t.dataDir,
      ATOM_DATABASE_URL: testPostgresUrl(),
      ATOM_DATABASE_SCHEMA: t.config.ATOM_DATABASE_SCHEMA ?? '',
      ATOM_DATABASE_POOL_MAX: '4',
      ATOM_REDIS_URL: testRedisUrl(),
      ATOM_JOBS_PREFIX: prefix,
      ATOM_MIGRATE_ON_START: 'false',
      ATOM_LOG_LEVEL: 'info',
      ATOM_WORKFLOW_LEASE_MS: '1500',
      ATOM_WORKFLOW_CONCURRENCY: '4',
      ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
      ATOM_RETENTION_INTERVAL_MINUTES: '0',
      // The side-effect fake listens on loopback, which the SSRF guard refuses unless allow-listed.
      ATOM_SSRF_ALLOW: '127.0.0.1',
    };
    for (const n of ['a', 'b']) workers.push(spawnCompiledAtom(`worker-${n}`, ['worker'], env));
    const owners = await Promise.all(workers.map(async (w) => String((await w.waitForLog((l) => l['msg'] === 'workflow workers started', 60_000))['owner'])));

    const steps = Array.from({ length: STEPS }, (_, i) => ({ id: `s${i + 1}`, type: 'http' as const, input: { method: 'POST', url: `${svc.url}/effects?ms=100`, body: { step: i + 1 } } }));
    const wf = await engine.workflows.create({ workspaceId: WS, name: 'ten calls', definition: workflowDefinitionSchema.parse({ trigger: { type: 'manual' }, steps }), author: 'u' });
    await engine.workflows.update(WS, wf.id, { published_version: 1, active: 1 });
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) runIds.push((await engine.startRun({ workspaceId: WS, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: { i } })).id);

    // Kill worker a once it holds runs with some steps journaled.
    const [victim, survivor] = workers as [Child, Child];
    let held: string[] = [];
    for (let i = 0; i < 400; i++) {
      const rows = await t.ctx.db.selectFrom('workflow_runs').select(['id', 'lease_owner']).where('id', 'in', runIds).execute();
      held = rows.filter((r) => r.lease_owner === owners[0]).map((r) => r.id);
      const done = await t.ctx.db.selectFrom('workflow_run_steps').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', 'in', held.length ? held : ['-']).where('status', '=', 'succeeded').executeTakeFirst();
      if (held.length > 0 && Number(done?.n ?? 0) >= 3) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(held.length).toBeGreaterThan(0);
    await victim.kill9();

    const finished = await Promise.all(runIds.map((id) => engine.waitForRun(id, 90_000)));
    expect(finished.map((r) => r?.status)).toEqual(runIds.map(() => 'succeeded'));
    // The runs the victim held were finished by the survivor.
    for (const id of held) expect((await engine.runs.get(id))?.lease_owner ?? owners[1]).not.toBe(owners[0]);

    // Nothing lost, nothing doubled: every step of every run journaled once and succeeded, one effect per key.
    for (const id of runIds) {
      const journal = [...(await engine.journal.load(id)).values()];
      expect(journal.map((e) => e.stepKey).sort()).toEqual(steps.map((s) => s.id).sort());
      expect(journal.every((e) => e.status === 'succeeded')).toBe(true);
    }
    const keys = [...svc.effects.keys()].filter((k) => runIds.some((id) => k.startsWith(`${id}:`))).sort();
    expect(keys).toEqual(runIds.flatMap((id) => steps.map((s) => `${id}:${s.id}:0:0`)).sort());
    // At most the calls in flight at the kill (one per run held) were sent twice, with the same key.
    const repeated = [...svc.effects.entries()].filter(([k, v]) => held.some((id) => k.startsWith(`${id}:`)) && v.count > 1);
    expect(repeated.length).toBeLessThanOrEqual(held.length);
    expect([...svc.effects.entries()].filter(([k, v]) => !held.some((id) => k.startsWith(`${id}:`)) && runIds.some((id) => k.startsWith(`${id}:`)) && v.count > 1)).toEqual([]);
    expect(survivor.child.exitCode).toBeNull();
  }, 150_000);
});
