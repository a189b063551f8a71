import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { createContext } from '../../platform/index.js';
import { createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { builtinActions, createActionRegistry } from '../actions/index.js';
import { workflowDefinitionSchema } from '../definition/schema.js';
import { createWorkflowEngine } from './engine.js';
import { createScheduler, ticksBetween } from './scheduler.js';

describe('schedule ticks', () => {
  it('computes cron ticks in a time zone and every-N-minutes ticks', () => {
    const from = Date.parse('2026-11-26T07:59:00Z');
    const to = Date.parse('2026-11-27T08:01:00Z');
    // 09:00 Berlin is 08:00 UTC in winter.
    expect(ticksBetween({ type: 'schedule', cron: '0 9 * * *', timezone: 'Europe/Berlin' }, from, to).map((t) => new Date(t).toISOString())).toEqual([
      '2026-11-26T08:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
    ]);
    expect(ticksBetween({ type: 'schedule', everyMinutes: 15, timezone: 'UTC' }, Date.parse('2026-11-26T10:05:00Z'), Date.parse('2026-11-26T10:45:00Z')).length).toBe(3);
  });
});

// Replicas share PostgreSQL (SQLite is single-node: two connections in one process would block each other).
describe.each(['postgres'] as const)('scheduler with two replicas (%s)', (dialect) => {
  let t: TestContext;
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    await t.cleanup();
  });

  it('fires each tick exactly once across two engine instances on one database', async () => {
    t = await createTestContext(dialect);
    // A second replica: its own context (connections) on the same database.
    const other = createContext(t.config, { logger: t.ctx.logger });
    let now = Date.parse('2026-11-26T10:00:30Z');
    const clock = { now: () => now };
    const replicas = [t.ctx, other].map((ctx) => {
      const queue = createEmbeddedQueue({ db: ctx.db, dialect: ctx.database.dialect, logger: ctx.logger, clock });
      queues.push(queue);
      const engine = createWorkflowEngine(ctx, { queue, actions: createActionRegistry(builtinActions), clock });
      return { engine, scheduler: createScheduler({ db: ctx.db, workflows: engine.workflows, clock, logger: ctx.logger, createRun: engine.startRunIf }) };
    });
    const wf = await replicas[0]!.engine.workflows.create({
      workspaceId: 'ws-s',
      name: 'every minute',
      definition: workflowDefinitionSchema.parse({ trigger: { type: 'schedule', everyMinutes: 1 }, steps: [] }),
      author: 'u',
    });
    await replicas[0]!.engine.workflows.update('ws-s', wf.id, { published_version: 1, active: 1 });

    for (let i = 0; i < 6; i++) {
      now += 30_000;
      await Promise.all(replicas.flatMap((r) => [r.scheduler.tick(), r.scheduler.tick()]));
    }
    const runs = (await replicas[0]!.engine.runs.list({ workspaceId: 'ws-s', workflowId: wf.id, limit: 100 })).runs;
    expect(runs.map((r) => JSON.parse(r.trigger_data).scheduledAt).sort()).toEqual([
      '2026-11-26T10:01:00.000Z',
      '2026-11-26T10:02:00.000Z',
      '2026-11-26T10:03:00.000Z',
    ]);
    await other.lifecycle.shutdown(other.logger);
  });
});

describe('scheduler when a run cannot be created', () => {
  let t: TestContext;
  let queue: JobQueue;
  afterEach(async () => {
    await queue.close();
    await t.cleanup();
  });

  it('tries the failed tick again on the next pass, for that workflow only, and fires it once', async () => {
    t = await createTestContext('sqlite');
    let now = Date.parse('2026-11-26T10:00:30Z');
    const clock = { now: () => now };
    queue = createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, clock });
    const engine = createWorkflowEngine(t.ctx, { queue, actions: createActionRegistry(builtinActions), clock });
    const publish = async (name: string) => {
      const wf = await engine.workflows.create({ workspaceId: 'ws-s', name, definition: workflowDefinitionSchema.parse({ trigger: { type: 'schedule', everyMinutes: 1 }, steps: [] }), author: 'u' });
      await engine.workflows.update('ws-s', wf.id, { published_version: 1, active: 1 });
      return wf.id;
    };
    const [flaky, steady] = [await publish('flaky'), await publish('steady')];
    let failures = 1;
    const scheduler = createScheduler({
      db: t.ctx.db,
      workflows: engine.workflows,
      clock,
      logger: t.ctx.logger,
      // The database refuses the first run of `flaky` (e.g. a restart at that moment).
      createRun: async (input, guard) => {
        if (input.workflowId === flaky && failures-- > 0) throw new Error('connection terminated');
        return engine.startRunIf(input, guard);
      },
    });
    const fired = async (workflowId: string) =>
      (await engine.runs.list({ workspaceId: 'ws-s', workflowId, limit: 100 })).runs.map((r) => (JSON.parse(r.trigger_data) as { scheduledAt: string }).scheduledAt).sort();

    now = Date.parse('2026-11-26T10:01:30Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await fired(flaky)).toEqual([]);
    now = Date.parse('2026-11-26T10:01:45Z');
    expect(await scheduler.tick()).toBe(1);
    now = Date.parse('2026-11-26T10:02:30Z');
    expect(await scheduler.tick()).toBe(2);
    expect(await fired(flaky)).toEqual(['2026-11-26T10:01:00.000Z', '2026-11-26T10:02:00.000Z']);
    expect(await fired(steady)).toEqual(['2026-11-26T10:01:00.000Z', '2026-11-26T10:02:00.000Z']);
  });
});
