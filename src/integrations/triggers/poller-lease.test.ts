// Two replicas (separate contexts: own connections, engine and queue) poll the same Slack trigger on one
// database — one PostgreSQL schema, or one SQLite file — while messages keep arriving: each message must
// start exactly one run, and a holder that stops or stalls part way must lose nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../slack/fake.js';
import { dialects } from '../../../test/support/context.js';
import { createContext, type AppContext } from '../../platform/index.js';
import { createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { builtinActions, createActionRegistry } from '../../workflows/actions/index.js';
import { workflowDefinitionSchema } from '../../workflows/definition/schema.js';
import { createWorkflowEngine } from '../../workflows/engine/engine.js';
import { createEventDispatch } from '../../workflows/engine/events.js';
import type { IntegrationEvent } from '../../workflows/index.js';
import { integrationTriggers } from '../registry.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { pollTriggers, scheduleTriggerPolling, type PollOptions, type TriggerDispatch } from './poller.js';

const LEASE_MS = 30_000;

describe.each(dialects)('integration trigger polling with two replicas (%s)', (dialect) => {
  let fake: SlackFake;
  let h: PieceHarness;
  let other: AppContext;
  const queues: JobQueue[] = [];
  let now = Date.parse('2026-11-26T10:00:00Z');
  const clock = { now: () => now };
  let ts = 1_800_000_000;

  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    await other.lifecycle.shutdown(other.logger);
    await h.cleanup();
    await fake.close();
  });

  async function setup() {
    fake = await startSlackFake();
    h = await pieceHarness({ serviceId: 'slack', fake, basePath: '/api', tokenPath: '/api/oauth.v2.access', dialect });
    // The second replica: its own context (connections) on the same database.
    other = createContext(h.config, { logger: h.ctx.logger });
    const replicas = [h.ctx, other].map((ctx) => {
      const queue = createEmbeddedQueue({ db: ctx.db, dialect: ctx.database.dialect, logger: ctx.logger, clock });
      queues.push(queue);
      return createWorkflowEngine(ctx, { queue, actions: createActionRegistry(builtinActions), clock });
    });
    // The trigger polls as its version's author, who must be a member allowed to use the shared connection.
    const at = new Date().toISOString();
    await h.ctx.db.insertInto('auth_users').values({ id: 'u', email: `u-${dialect}-${Date.now()}@example.test`, name: 'U', password_hash: null, last_workspace_id: null, created_at: at, updated_at: at }).execute();
    await h.ctx.db.insertInto('auth_workspaces').values({ id: 'ws-test', name: 'Test', created_by: 'u', created_at: at }).execute();
    await h.ctx.db.insertInto('auth_memberships').values({ workspace_id: 'ws-test', user_id: 'u', role: 'member', created_at: at }).execute();
    const wf = await replicas[0]!.workflows.create({
      workspaceId: 'ws-test',
      name: 'new slack message',
      definition: workflowDefinitionSchema.parse({ trigger: { type: 'integration', trigger: 'slack.new_message', mode: 'poll', pollMinutes: 1, connectionId: h.connection.id, config: { channel: 'C000' } }, steps: [] }),
      author: 'u',
    });
    await replicas[0]!.workflows.update('ws-test', wf.id, { published_version: 1, active: 1 });
    const dispatches = replicas.map((engine) => createEventDispatch(engine));
    const ctxs = [h.ctx, other];
    const poll = (i: 0 | 1, dispatch: TriggerDispatch = dispatches[i]!, options: PollOptions = {}) =>
      pollTriggers(ctxs[i]!, dispatch, integrationTriggers, { clock, leaseMs: LEASE_MS, owner: `replica-${i}`, ...options });
    const post = (n: number) => {
      const posted: string[] = [];
      for (let i = 0; i < n; i++) {
        const m = { type: 'message' as const, user: 'U001', text: `item ${ts}`, ts: `${ts++}.000100` };
        fake.history.get('C000')!.unshift(m);
        posted.push(m.ts);
      }
      return posted;
    };
    const runTs = async () =>
      (await h.ctx.db.selectFrom('workflow_runs').select('trigger_data').where('workflow_id', '=', wf.id).execute()).map((r) => (JSON.parse(r.trigger_data) as { ts: string }).ts).sort();
    const state = () => h.ctx.db.selectFrom('integration_trigger_cursors').selectAll().where('workflow_id', '=', wf.id).executeTakeFirstOrThrow();
    // First due pass: exactly one replica takes it and only remembers where the channel is.
    const first = await Promise.all([poll(0), poll(1)]);
    expect(first.reduce((s, r) => s + r.polled, 0)).toBe(1);
    return { dispatches, poll, post, runTs, state };
  }

  it('every new message starts exactly one run while both poll each due tick', async () => {
    const { poll, post, runTs, state } = await setup();
    const expected: string[] = [];
    for (let round = 0; round < 8; round++) {
      expected.push(...post(3));
      now += 60_000;
      // Both replicas, twice each, at the same tick: one claim wins; the rest find it held or not due.
      const passes = await Promise.all([poll(0), poll(1), poll(0), poll(1)]);
      expect(passes.reduce((s, r) => s + r.polled, 0)).toBe(1);
      expect(passes.reduce((s, r) => s + r.events, 0)).toBe(3);
      expect(passes.reduce((s, r) => s + r.failed, 0)).toBe(0);
    }
    expect(await runTs()).toEqual(expected.sort());
    const row = await state();
    expect(row).toMatchObject({ lease_owner: null, lease_until: null, last_error: null });
    expect(JSON.parse(row.cursor!)).toEqual({ oldest: expected.at(-1) });
  });

  it('a replica stopped part way releases the trigger without moving the cursor; the other delivers the rest once', async () => {
    const { dispatches, poll, post, runTs, state } = await setup();
    const expected = post(5);
    now += 60_000;
    const stop = new AbortController();
    let handed = 0;
    const stopping: TriggerDispatch = {
      subscriptions: () => dispatches[0]!.subscriptions(),
      async integrationEvent(e: IntegrationEvent) {
        const runs = await dispatches[0]!.integrationEvent(e);
        if (++handed === 2) stop.abort();
        return runs;
      },
    };
    expect(await poll(0, stopping, { signal: stop.signal })).toEqual({ polled: 1, events: 2, failed: 0 });
    expect(await state()).toMatchObject({ lease_owner: null, lease_until: null });
    // Still due (the stopped pass did not record a poll): the other replica takes it at once.
    expect(await poll(1)).toEqual({ polled: 1, events: 5, failed: 0 });
    expect(await runTs()).toEqual(expected.sort());
    expect(JSON.parse((await state()).cursor!)).toEqual({ oldest: expected.at(-1) });
  });

  it('stopping scheduled polling mid-pass waits for the pass, which releases the trigger with its cursor unmoved', async () => {
    const { dispatches, poll, post, runTs, state } = await setup();
    const before = (await state()).cursor;
    const expected = post(5);
    now += 60_000;
    let handed = 0;
    const slow: TriggerDispatch = {
      subscriptions: () => dispatches[0]!.subscriptions(),
      integrationEvent: async (e: IntegrationEvent) => (handed++, await new Promise((r) => setTimeout(r, 100)), dispatches[0]!.integrationEvent(e)),
    };
    const stop = scheduleTriggerPolling(h.ctx, () => slow, integrationTriggers, 20, { clock, leaseMs: LEASE_MS, owner: 'replica-0' });
    while (handed < 1) await new Promise((r) => setTimeout(r, 10));
    await stop();
    expect(await state()).toMatchObject({ lease_owner: null, lease_until: null, cursor: before });
    expect((await runTs()).length).toBeLessThan(5);
    // The other replica polls at once (the stopped pass recorded no poll) and delivers the rest once.
    expect(await poll(1)).toMatchObject({ polled: 1, events: 5 });
    expect(await runTs()).toEqual(expected.sort());
  });

  it('a slow pass that keeps handing events over keeps its lease past the no-progress limit', async () => {
    const { dispatches, poll, post, runTs, state } = await setup();
    const expected = post(5);
    now += 60_000;
    const slow: TriggerDispatch = {
      subscriptions: () => dispatches[0]!.subscriptions(),
      integrationEvent: async (e: IntegrationEvent) => (await new Promise((r) => setTimeout(r, 400)), dispatches[0]!.integrationEvent(e)),
    };
    // 5 × 400 ms is well past 1 s, but never 1 s without an event handed over.
    expect(await poll(0, slow, { renewEveryMs: 50, maxHoldMs: 1000 })).toEqual({ polled: 1, events: 5, failed: 0 });
    expect(await runTs()).toEqual(expected.sort());
    expect(JSON.parse((await state()).cursor!)).toEqual({ oldest: expected.at(-1) });
  });

  it('a replica that stalls holding the lease is taken over only after the lease lapses; nothing lost or doubled, and the stalled pass cannot write', async () => {
    const { dispatches, poll, post, runTs, state } = await setup();
    const expected = post(5);
    now += 60_000;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let handed = 0;
    const stalling: TriggerDispatch = {
      subscriptions: () => dispatches[0]!.subscriptions(),
      async integrationEvent(e: IntegrationEvent) {
        // Like a process frozen after its second event: it never gets further (until the test lets it).
        if (++handed > 2) await gate;
        return dispatches[0]!.integrationEvent(e);
      },
    };
    const maxHoldMs = 2000;
    let settled = false;
    const stalled = poll(0, stalling, { renewEveryMs: 50, maxHoldMs }).finally(() => (settled = true));
    while (handed < 3 && !settled) await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    const stalledAt = Date.now();
    expect((await state()).lease_owner).toMatch(/^replica-0:/);
    expect(await runTs()).toHaveLength(2);
    // With no progress past its hold limit the stalled pass stops renewing; the lease is live until it lapses.
    await new Promise((r) => setTimeout(r, stalledAt + maxHoldMs + 400 - Date.now()));
    expect(await poll(1)).toEqual({ polled: 0, events: 0, failed: 0 });
    now += LEASE_MS + 1;
    expect(await poll(1)).toEqual({ polled: 1, events: 5, failed: 0 });
    expect(await runTs()).toEqual(expected.sort());
    const taken = await state();
    // The stalled pass wakes up: its third event is a duplicate (no run), and its fenced write changes nothing.
    release();
    expect(await stalled).toEqual({ polled: 1, events: 3, failed: 0 });
    expect(await runTs()).toEqual(expected.sort());
    expect(await state()).toEqual(taken);
    expect(JSON.parse(taken.cursor!)).toEqual({ oldest: expected.at(-1) });
  });
});
