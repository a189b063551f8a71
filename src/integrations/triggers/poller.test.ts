import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../../../test/fakes/slack/server.js';
import type { IntegrationEvent, TriggerSubscription } from '../../workflows/index.js';
import { integrationTriggers } from '../registry.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { pollTriggers } from './poller.js';

describe('integration trigger polling', () => {
  let fake: SlackFake;
  let h: PieceHarness;
  const events: IntegrationEvent[] = [];
  const sub: TriggerSubscription = { workspaceId: 'ws-test', workflowId: 'wf-1', trigger: { type: 'integration', trigger: 'slack.new_message', mode: 'poll', pollMinutes: 5, config: { channel: 'C000' } } };
  const dispatch = { subscriptions: async () => [sub], integrationEvent: async (e: IntegrationEvent) => (events.push(e), ['run']) };
  beforeAll(async () => {
    fake = await startSlackFake();
    h = await pieceHarness({ serviceId: 'slack', fake, basePath: '/api', tokenPath: '/api/oauth.v2.access' });
  });
  afterAll(async () => {
    await h.cleanup();
    await fake.close();
  });

  it('first poll stores the cursor, later due polls hand new events to the engine, not-due polls wait', async () => {
    const t0 = Date.now();
    expect(await pollTriggers(h.ctx, dispatch, integrationTriggers, { clock: { now: () => t0 } })).toEqual({ polled: 1, events: 0, failed: 0 });
    fake.history.get('C000')!.push({ type: 'message', user: 'U001', text: 'deploy?', ts: '1800000000.000001' });
    expect((await pollTriggers(h.ctx, dispatch, integrationTriggers, { clock: { now: () => t0 + 60_000 } })).polled).toBe(0);
    expect(await pollTriggers(h.ctx, dispatch, integrationTriggers, { clock: { now: () => t0 + 5 * 60_000 } })).toEqual({ polled: 1, events: 1, failed: 0 });
    expect(events).toEqual([expect.objectContaining({ workspaceId: 'ws-test', trigger: 'slack.new_message', connectionId: h.connection.id, data: expect.objectContaining({ text: 'deploy?' }) })]);
    expect(events[0]!.eventId).toMatch(/^slack\.new_message:/);
  });

  it('a failing poll keeps the cursor and records the error', async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500, body: 'x' })));
    const r = await pollTriggers(h.ctx, dispatch, integrationTriggers, { clock: { now: () => Date.now() + 60 * 60_000 } });
    expect(r).toEqual({ polled: 1, events: 0, failed: 1 });
    const row = await h.ctx.db.selectFrom('integration_trigger_cursors').selectAll().where('workflow_id', '=', 'wf-1').executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/^Slack says/);
    expect(JSON.parse(row.cursor!)).toEqual({ oldest: '1800000000.000001' });
  });
});
