// Fault: the wall clock jumps (NTP step, VM resume, a wrong clock corrected) under the schedule trigger.
// Backward: no tick fires twice. Forward within the catch-up window (5 min): every missed tick fires once.
// Forward further: only the last 5 minutes are caught up (on purpose: a long outage does not replay a
// flood of old ticks). Two replicas whose clocks disagree still fire each tick once.
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../src/platform/index.js';
import { createEmbeddedQueue, type JobQueue } from '../../src/platform/jobs/index.js';
import { builtinActions, createActionRegistry } from '../../src/workflows/actions/index.js';
import { workflowDefinitionSchema } from '../../src/workflows/definition/schema.js';
import { createWorkflowEngine } from '../../src/workflows/engine/engine.js';
import { createScheduler } from '../../src/workflows/engine/scheduler.js';
import { createTestContext, dialects, type TestContext } from '../support/context.js';

const at = (iso: string) => Date.parse(iso);

describe.each(dialects)('fault: clock jumps under schedules (%s)', (dialect) => {
  let t: TestContext;
  const queues: JobQueue[] = [];
  const others: ReturnType<typeof createContext>[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const o of others.splice(0)) await o.lifecycle.shutdown(o.logger);
    await t.cleanup();
  });

  const replica = (ctx: TestContext['ctx'], clock: { now: () => number }) => {
    const queue = createEmbeddedQueue({ db: ctx.db, dialect: ctx.database.dialect, logger: ctx.logger, clock });
    queues.push(queue);
    const engine = createWorkflowEngine(ctx, { queue, actions: createActionRegistry(builtinActions), clock });
    return { engine, scheduler: createScheduler({ db: ctx.db, workflows: engine.workflows, clock, logger: ctx.logger, createRun: engine.startRunIf }) };
  };
  const everyMinute = async (engine: ReturnType<typeof replica>['engine']) => {
    const wf = await engine.workflows.create({ workspaceId: 'ws-clock', name: 'every minute', definition: workflowDefinitionSchema.parse({ trigger: { type: 'schedule', everyMinutes: 1 }, steps: [] }), author: 'u' });
    await engine.workflows.update('ws-clock', wf.id, { published_version: 1, active: 1 });
    return wf.id;
  };
  const fired = async (engine: ReturnType<typeof replica>['engine'], workflowId: string) =>
    (await engine.runs.list({ workspaceId: 'ws-clock', workflowId, limit: 500 })).runs.map((r) => (JSON.parse(r.trigger_data) as { scheduledAt: string }).scheduledAt.slice(11, 16)).sort();

  it('backward: no tick twice; forward: missed ticks once each, up to the 5-minute catch-up', async () => {
    t = await createTestContext(dialect, { ATOM_LOG_LEVEL: 'warn' });
    let now = at('2026-11-26T10:00:30Z');
    const r = replica(t.ctx, { now: () => now });
    const wf = await everyMinute(r.engine);
    const advanceTo = async (iso: string) => {
      // The scheduler ticks every second in production; every 20 s of fake time is enough here.
      while (now + 20_000 <= at(iso)) {
        now += 20_000;
        await r.scheduler.tick();
      }
    };

    await advanceTo('2026-11-26T10:03:10Z');
    expect(await fired(r.engine, wf)).toEqual(['10:01', '10:02', '10:03']);

    // The clock steps back 2 minutes, then runs forward over the same minutes again.
    now = at('2026-11-26T10:01:10Z');
    await r.scheduler.tick();
    await advanceTo('2026-11-26T10:03:50Z');
    expect(await fired(r.engine, wf)).toEqual(['10:01', '10:02', '10:03']);
    await advanceTo('2026-11-26T10:04:10Z');
    expect(await fired(r.engine, wf)).toEqual(['10:01', '10:02', '10:03', '10:04']);

    // The clock steps forward 4 minutes: the four missed ticks fire, once each, at the next tick.
    now = at('2026-11-26T10:08:10Z');
    await r.scheduler.tick();
    await r.scheduler.tick();
    expect(await fired(r.engine, wf)).toEqual(['10:01', '10:02', '10:03', '10:04', '10:05', '10:06', '10:07', '10:08']);

    // A jump of an hour: the last 5 minutes are caught up, older ticks are skipped by design.
    now = at('2026-11-26T11:08:10Z');
    await r.scheduler.tick();
    expect((await fired(r.engine, wf)).slice(8)).toEqual(['11:04', '11:05', '11:06', '11:07', '11:08']);
    // And the run rows match the tick ledger one to one.
    const ledger = await t.ctx.db.selectFrom('workflow_schedule_ticks').select(['tick', 'run_id']).where('workflow_id', '=', wf).execute();
    expect(ledger).toHaveLength(13);
    expect(new Set(ledger.map((l) => l.run_id)).size).toBe(13);
  });

  it.skipIf(dialect === 'sqlite')('two replicas whose clocks are 90 s apart fire each tick once', async () => {
    t = await createTestContext(dialect, { ATOM_LOG_LEVEL: 'warn' });
    const other = createContext(t.config, { logger: t.ctx.logger });
    others.push(other);
    let now = at('2026-11-26T10:00:30Z');
    const a = replica(t.ctx, { now: () => now });
    const b = replica(other, { now: () => now - 90_000 });
    const wf = await everyMinute(a.engine);
    for (let i = 0; i < 30; i++) {
      now += 10_000;
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    }
    // a saw 10:01..10:05; b (started at 09:59 by its clock) also saw 10:00, and 10:01..10:03 again: each minute once.
    expect(await fired(a.engine, wf)).toEqual(['10:00', '10:01', '10:02', '10:03', '10:04', '10:05']);
  });
});
