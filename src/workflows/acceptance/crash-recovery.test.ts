import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startSideEffectService, type SideEffectService } from '../../../test/fakes/side-effects/server.js';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { testPostgresUrl, testRedisUrl } from '../../../test/support/postgres.js';
import { newId } from '../../platform/index.js';
import { createBullQueue, createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { builtinActions, createActionRegistry } from '../actions/index.js';
import { workflowDefinitionSchema } from '../definition/schema.js';
import { createWorkflowEngine } from '../engine/engine.js';

type Mode = 'embedded' | 'queue';

/**
 * Acceptance: `kill -9` of the process executing a 20-step run. Another process (started after the kill)
 * reaps the expired lease, replays the journal and finishes the run: every step is journaled once, and
 * the fake service (which dedupes by Idempotency-Key) saw each side effect once.
 */
describe.each(['embedded', 'queue'] as Mode[])('crash recovery: kill -9 mid-run (%s mode)', (mode) => {
  let svc: SideEffectService;
  let t: TestContext;
  const children: ChildProcess[] = [];
  let queue: JobQueue | undefined;

  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    await queue?.close();
    await svc?.close();
    await t?.cleanup();
  });

  it('finishes the run on another worker with no duplicate side effects', async () => {
    svc = await startSideEffectService();
    t = await createTestContext(mode === 'queue' ? 'postgres' : 'sqlite');
    const prefix = `crash${newId().replaceAll('-', '').slice(-12)}`;
    const env: Record<string, string> = {
      ...process.env,
      NODE_ENV: 'test',
      ATOM_LOG_LEVEL: 'info',
      ATOM_LOG_PRETTY: 'false',
      ATOM_PORT: '0',
      ATOM_HOST: '127.0.0.1',
      ATOM_DATA_DIR: t.dataDir,
      ATOM_WORKFLOW_LEASE_MS: '1500',
      ATOM_JOBS_POLL_INTERVAL_MS: '50',
      ATOM_JOBS_PREFIX: prefix,
      // The side-effect fake listens on loopback, which the SSRF guard refuses unless allow-listed.
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ...(mode === 'queue' ? { ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: t.config.ATOM_DATABASE_SCHEMA ?? '', ATOM_REDIS_URL: testRedisUrl() } : {}),
    };
    const startWorker = () => {
      // `atom worker` in queue mode; in embedded mode `atom serve` runs the workers in-process.
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', mode === 'queue' ? 'worker' : 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      return {
        child,
        ready: async () => {
          for (let i = 0; i < 600 && !out.includes('workflow workers started'); i++) await sleep(50);
          if (!out.includes('workflow workers started')) throw new Error(`worker did not start:\n${out}`);
        },
      };
    };

    // The workflow: 20 side-effecting calls of ~120 ms each.
    queue =
      mode === 'queue'
        ? createBullQueue({ redisUrl: testRedisUrl(), logger: t.ctx.logger, prefix })
        : createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger });
    const engine = createWorkflowEngine(t.ctx, { queue, actions: createActionRegistry(builtinActions) }); // enqueues only
    const steps = Array.from({ length: 20 }, (_, i) => ({ id: `s${i + 1}`, type: 'http' as const, input: { method: 'POST', url: `${svc.url}/effects?ms=120`, body: { step: i + 1 } } }));
    const wf = await engine.workflows.create({ workspaceId: 'ws-crash', name: 'twenty steps', definition: workflowDefinitionSchema.parse({ trigger: { type: 'manual' }, steps }), author: 'u' });
    await engine.workflows.update('ws-crash', wf.id, { published_version: 1, active: 1 });

    const a = startWorker();
    await a.ready();
    const run = await engine.startRun({ workspaceId: 'ws-crash', workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: {} });

    // Kill -9 once a third of the steps are journaled.
    let doneBeforeKill: string[] = [];
    for (let i = 0; i < 400; i++) {
      doneBeforeKill = [...(await engine.journal.load(run.id)).values()].filter((e) => e.status === 'succeeded').map((e) => e.stepKey);
      if (doneBeforeKill.length >= 7) break;
      await sleep(25);
    }
    expect(doneBeforeKill.length).toBeGreaterThanOrEqual(7);
    a.child.kill('SIGKILL');
    await new Promise((r) => a.child.once('exit', r));
    const afterKill = [...(await engine.journal.load(run.id)).values()].filter((e) => e.status === 'succeeded').map((e) => e.stepKey);
    expect(afterKill.length).toBeLessThan(20);
    expect((await engine.runs.get(run.id))?.status).toBe('running');

    const b = startWorker();
    await b.ready();
    const finished = await engine.waitForRun(run.id, 60_000);
    expect(finished?.status).toBe('succeeded');

    const journal = [...(await engine.journal.load(run.id)).values()];
    expect(journal.map((e) => e.stepKey).sort()).toEqual(steps.map((s) => s.id).sort());
    expect(journal.every((e) => e.status === 'succeeded')).toBe(true);
    // Steps journaled before the kill were not run again: each made exactly one call.
    for (const key of afterKill) expect(svc.requests.filter((r) => r.key === `${run.id}:${key}:0:0`)).toHaveLength(1);
    // Exactly one effect per step; at most the one call in flight at the kill was repeated, with the same key.
    const effects = [...svc.effects.entries()].filter(([k]) => k.startsWith(run.id));
    expect(effects.map(([k]) => k).sort()).toEqual(steps.map((s) => `${run.id}:${s.id}:0:0`).sort());
    expect(effects.filter(([, v]) => v.count > 1).length).toBeLessThanOrEqual(1);
    b.child.kill('SIGTERM');
  }, 150_000);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
