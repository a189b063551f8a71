import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../../test/fakes/google-apis/server.js';
import { startSlackFake, type SlackFake } from '../slack/fake.js';
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

describe('integration trigger polling: changed files', () => {
  let fake: GoogleFake;
  let h: PieceHarness;
  beforeAll(async () => {
    fake = await startGoogleFake();
    h = await pieceHarness({ serviceId: 'google-drive', fake, basePath: '/drive/v3', tokenPath: '/token' });
  });
  afterAll(async () => {
    await h.cleanup();
    await fake.close();
  });

  it('a file changed twice is two events (its version is part of the event id), a repeat poll is none', async () => {
    const events: IntegrationEvent[] = [];
    const sub: TriggerSubscription = { workspaceId: 'ws-test', workflowId: 'wf-drive', trigger: { type: 'integration', trigger: 'google_drive.file_changed', mode: 'poll', pollMinutes: 1, config: { folderId: 'folder-1' } } };
    const dispatch = { subscriptions: async () => [sub], integrationEvent: async (e: IntegrationEvent) => (events.push(e), ['run']) };
    let now = Date.now();
    const pass = () => pollTriggers(h.ctx, dispatch, integrationTriggers, { clock: { now: () => (now += 60_000) } });
    expect(await pass()).toEqual({ polled: 1, events: 0, failed: 0 });
    const f1 = fake.files.find((f) => f.id === 'f1')!;
    const versions = [new Date(Date.now() + 1000).toISOString(), new Date(Date.now() + 2000).toISOString()];
    f1.modifiedTime = versions[0]!;
    expect((await pass()).events).toBe(1);
    f1.modifiedTime = versions[1]!;
    expect((await pass()).events).toBe(1);
    expect((await pass()).events).toBe(0);
    expect(events.map((e) => e.eventId)).toEqual(versions.map((v) => `google_drive.file_changed:f1@${v}`));
  });
});
