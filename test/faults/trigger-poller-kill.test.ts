// Fault: two replica processes poll the same integration trigger (Slack fake) and tick the same schedule on
// one database — one SQLite file, or one PostgreSQL schema. The one holding the trigger's lease is killed
// (kill -9) part way through handing a poll's messages over; the other takes the trigger over once the lease
// lapses. Every message ends with exactly one run (none lost, none doubled) and every schedule tick with
// exactly one run.
import { afterAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../src/integrations/slack/fake.js';
import { dialects } from '../support/context.js';
import { testPostgresUrl } from '../support/postgres.js';
import { createEmbeddedQueue } from '../../src/platform/jobs/index.js';
import { builtinActions, createActionRegistry } from '../../src/workflows/actions/index.js';
import { workflowDefinitionSchema } from '../../src/workflows/definition/schema.js';
import { createWorkflowEngine } from '../../src/workflows/engine/engine.js';
import { pieceHarness, type PieceHarness } from '../../src/integrations/testing/harness.js';
import { spawnTsx, type Child } from './support/processes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(dialects)('fault: trigger poller replica killed part way (%s)', (dialect) => {
  let fake: SlackFake;
  let h: PieceHarness;
  const children: Child[] = [];
  afterAll(async () => {
    for (const c of children) await c.kill9();
    await h?.cleanup();
    await fake?.close();
  });

  it('the other replica takes the trigger over after the lease lapses: one run per message, one per schedule tick', async () => {
    fake = await startSlackFake();
    const integrations = JSON.stringify({
      slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${fake.url}/api`, tokenUrl: `${fake.url}/api/oauth.v2.access`, revokeUrl: `${fake.url}/oauth/revoke` },
    });
    h = await pieceHarness({ serviceId: 'slack', fake, basePath: '/api', tokenPath: '/api/oauth.v2.access', dialect });
    const engine = createWorkflowEngine(h.ctx, { queue: createEmbeddedQueue({ db: h.ctx.db, dialect: h.ctx.database.dialect, logger: h.ctx.logger }), actions: createActionRegistry(builtinActions) });
    // The trigger polls as its version's author, who must be a member allowed to use the shared connection.
    const at = new Date().toISOString();
    await h.ctx.db.insertInto('auth_users').values({ id: 'u', email: `u-${dialect}-${Date.now()}@example.test`, name: 'U', password_hash: null, last_workspace_id: null, created_at: at, updated_at: at }).execute();
    await h.ctx.db.insertInto('auth_workspaces').values({ id: 'ws-test', name: 'Test', created_by: 'u', created_at: at }).execute();
    await h.ctx.db.insertInto('auth_memberships').values({ workspace_id: 'ws-test', user_id: 'u', role: 'member', created_at: at }).execute();
    const publish = async (name: string, trigger: unknown) => {
      const wf = await engine.workflows.create({ workspaceId: 'ws-test', name, definition: workflowDefinitionSchema.parse({ trigger, steps: [] }), author: 'u' });
      await engine.workflows.update('ws-test', wf.id, { published_version: 1, active: 1 });
      return wf.id;
    };
    const polled = await publish('slack messages', { type: 'integration', trigger: 'slack.new_message', mode: 'poll', connectionId: h.connection.id, config: { channel: 'C000' } });
    const scheduled = await publish('every second', { type: 'schedule', cron: '* * * * * *' });
    const cursorRow = () => h.ctx.db.selectFrom('integration_trigger_cursors').selectAll().where('workflow_id', '=', polled).executeTakeFirst();
    const runsOf = (workflowId: string) => h.ctx.db.selectFrom('workflow_runs').select('trigger_data').where('workflow_id', '=', workflowId).execute();
    let ts = 1_800_000_000;
    const posted: string[] = [];
    const post = (n: number) => {
      for (let i = 0; i < n; i++) {
        const m = { type: 'message' as const, user: 'U001', text: `item ${ts}`, ts: `${ts++}.000100` };
        fake.history.get('C000')!.unshift(m);
        posted.push(m.ts);
      }
    };

    const env = {
      ATOM_DATA_DIR: h.dataDir,
      ATOM_INTEGRATIONS: integrations,
      ATOM_INTEGRATION_TIMEOUT_MS: '2000',
      DISPATCH_DELAY_MS: '250',
      ...(dialect === 'postgres' ? { ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: h.config.ATOM_DATABASE_SCHEMA ?? '' } : {}),
    };
    const replicas = ['replica-a', 'replica-b'].map((name) => spawnTsx(name, 'test/faults/support/trigger-replica-child.ts', { ...env, REPLICA: name }));
    children.push(...replicas);
    for (const r of replicas) await r.waitForLog((l) => l['msg'] === 'replica ready', 60_000);
    // The first poll only remembers where the channel is.
    for (let i = 0; i < 400 && !(await cursorRow())?.cursor; i++) await sleep(50);
    const before = await cursorRow();
    expect(before?.cursor).toBeTruthy();

    post(6);
    // Whoever holds the trigger hands the messages over one by one; kill it after its second.
    const eventsOf = (c: Child) => c.logs.filter((l) => l['msg'] === 'event');
    for (let i = 0; i < 600 && !replicas.some((r) => eventsOf(r).length >= 2); i++) await sleep(20);
    const victim = replicas.find((r) => eventsOf(r).length >= 2)!;
    expect(victim, replicas.map((r) => r.output().slice(-2000)).join('\n')).toBeDefined();
    await victim.kill9();
    const killedAt = Date.now();
    const survivor = replicas.find((r) => r !== victim)!;
    // Killed holding the lease, before its cursor moved past the messages it was handing over.
    const held = (await cursorRow())!;
    expect(held.lease_owner).toMatch(new RegExp(`^${victim.name}:`));
    expect(Date.parse(held.lease_until!)).toBeGreaterThan(killedAt);
    expect(held.cursor).toBe(before!.cursor);
    expect(eventsOf(survivor)).toEqual([]);

    post(4);
    for (let i = 0; i < 600 && (await runsOf(polled)).length < posted.length; i++) await sleep(50);
    const runTs = (await runsOf(polled)).map((r) => (JSON.parse(r.trigger_data) as { ts: string }).ts).sort();
    expect(runTs).toEqual([...posted].sort());
    // The survivor started only after the victim's lease lapsed, and re-handed what the victim had
    // already started without starting it again.
    const taken = eventsOf(survivor);
    expect(Number(taken[0]!['at'])).toBeGreaterThanOrEqual(Date.parse(held.lease_until!));
    const victimIds = eventsOf(victim).map((l) => l['eventId']);
    for (const id of victimIds) expect(taken.find((l) => l['eventId'] === id)?.['runs']).toEqual([]);
    const final = (await cursorRow())!;
    expect(JSON.parse(final.cursor!)).toEqual({ oldest: posted.at(-1) });

    // Schedule: both replicas ticked every 200 ms for the whole test; each second started one run.
    await survivor.stop();
    const ticks = await h.ctx.db.selectFrom('workflow_schedule_ticks').select(['tick', 'run_id']).where('workflow_id', '=', scheduled).execute();
    const scheduledAt = (await runsOf(scheduled)).map((r) => (JSON.parse(r.trigger_data) as { scheduledAt: string }).scheduledAt).sort();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(scheduledAt).toEqual(ticks.map((t) => t.tick).sort());
    expect(new Set(scheduledAt).size).toBe(scheduledAt.length);
  }, 180_000);
});
