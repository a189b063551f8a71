// Fault: PostgreSQL restarts while workflow runs execute. A private throw-away cluster is restarted (the
// shared one on 5432 serves everybody's tests); the engine runs on the embedded queue, whose jobs table
// is in that same database, so queue, leases and journal all lose their connections at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedQueue, type JobQueue } from '../../src/platform/jobs/index.js';
import { builtinActions, createActionRegistry } from '../../src/workflows/actions/index.js';
import { workflowDefinitionSchema } from '../../src/workflows/definition/schema.js';
import { createWorkflowEngine, type WorkflowEngine } from '../../src/workflows/engine/engine.js';
import { startSideEffectService, type SideEffectService } from '../fakes/side-effects/server.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/services.js';

const WS = 'ws-fault-pg';
const RUNS = 8;
const STEPS = 8;

const pgOrSkip = await startPrivatePostgres();
const skip = 'skip' in pgOrSkip ? pgOrSkip.skip : undefined;

describe.skipIf(skip !== undefined)(`fault: PostgreSQL restart during runs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const pg = pgOrSkip as PrivatePostgres;
  let svc: SideEffectService;
  let t: TestContext;
  let queue: JobQueue;
  let engine: WorkflowEngine;

  beforeAll(async () => {
    svc = await startSideEffectService();
    t = await createTestContext('postgres', { ATOM_DATABASE_URL: pg.url, ATOM_LOG_LEVEL: 'warn', ATOM_SSRF_ALLOW: '127.0.0.1' });
    queue = createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 50 });
    engine = createWorkflowEngine(t.ctx, { queue, actions: createActionRegistry(builtinActions), leaseMs: 3000, concurrency: 4 });
    engine.start();
  });
  afterAll(async () => {
    engine?.stop();
    await queue?.close();
    await svc?.close();
    await t?.cleanup().catch(() => undefined);
    await pg.remove();
  });

  it('every run finishes after the restart with its whole journal; each side effect happened once', async () => {
    const steps = Array.from({ length: STEPS }, (_, i) => ({ id: `s${i + 1}`, type: 'http' as const, input: { method: 'POST', url: `${svc.url}/effects?ms=100`, body: { step: i + 1 } } }));
    const wf = await engine.workflows.create({ workspaceId: WS, name: 'eight calls', definition: workflowDefinitionSchema.parse({ trigger: { type: 'manual' }, steps }), author: 'u' });
    await engine.workflows.update(WS, wf.id, { published_version: 1, active: 1 });
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) runIds.push((await engine.startRun({ workspaceId: WS, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: { i } })).id);

    // Restart once runs are under way (some steps journaled, most not).
    for (let i = 0; i < 400; i++) {
      const done = await t.ctx.db.selectFrom('workflow_run_steps').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'succeeded').executeTakeFirst();
      if (Number(done?.n ?? 0) >= 6) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const effectsBefore = svc.effects.size;
    expect(effectsBefore).toBeLessThan(RUNS * STEPS);
    await pg.stop();
    await new Promise((r) => setTimeout(r, 1500)); // down for 1.5 s: workers and the reaper hit refused connections
    await pg.start();

    const deadline = Date.now() + 90_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      statuses = await Promise.all(runIds.map(async (id) => (await engine.runs.get(id))?.status ?? 'missing'));
      if (statuses.every((s) => ['succeeded', 'failed', 'cancelled'].includes(s))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses).toEqual(runIds.map(() => 'succeeded'));
    for (const id of runIds) {
      const journal = [...(await engine.journal.load(id)).values()];
      expect(journal.map((e) => e.stepKey).sort()).toEqual(steps.map((s) => s.id).sort());
      expect(journal.every((e) => e.status === 'succeeded')).toBe(true);
    }
    // One effect per (run, step) key: calls repeated after the outage carried the same idempotency key.
    const keys = [...svc.effects.keys()].filter((k) => runIds.some((id) => k.startsWith(`${id}:`))).sort();
    expect(keys).toEqual(runIds.flatMap((id) => steps.map((s) => `${id}:${s.id}:0:0`)).sort());
    const repeated = [...svc.effects.values()].filter((v) => v.count > 1).length;
    console.log(`postgres restart: ${RUNS} runs x ${STEPS} steps, ${effectsBefore} effects before the restart, ${repeated} calls repeated with the same key, 0 lost`);
  }, 150_000);
});
