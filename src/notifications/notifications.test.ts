import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../test/fakes/google-apis/server.js';
import { startSlackFake, type SlackFake } from '../integrations/slack/fake.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { connectionRepository } from '../integrations/connections/connection-repository.js';
import { integrationRuntime } from '../integrations/runtime.js';
import { newId, nowIso } from '../platform/index.js';
import { createJobQueue, type JobQueue } from '../platform/jobs/index.js';
import { processDigests, scheduleDueDigests, sendDigest } from './digest.js';
import { notify } from './notify.js';
import { sweepNotifications } from './producers.js';
import type { NotificationView, Preferences } from './schemas.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const definition = { trigger: { type: 'manual' }, steps: [{ id: 'say_hi', type: 'action', action: 'core.log', input: { message: 'hi' } }] };

describe.each(dialects)('notifications (%s)', (dialect) => {
  let slack: SlackFake;
  let google: GoogleFake;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startSlackFake();
    google = await startGoogleFake();
    t = await createTestApp(dialect, {
      ATOM_LOG_LEVEL: 'warn',
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_JOBS_POLL_INTERVAL_MS: '20',
      ATOM_PUBLIC_URL: 'https://atom.example.test',
      ATOM_INTEGRATIONS: JSON.stringify({
        slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${slack.url}/api`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
        gmail: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${google.url}/gmail/v1`, tokenUrl: `${google.url}/token` },
      }),
    });
  });
  afterAll(async () => {
    await t.cleanup();
    await slack.close();
    await google.close();
  });

  // Each test gets its own workspace (owner, member, workflow), so none depends on what an earlier one
  // left behind and each passes alone (`-t`).
  const workspace = async () => {
    const owner = await signUpOwner(t.app, { name: 'Ada Owner' });
    const member = await addMember(t.app, owner, 'member');
    const workflowId = (await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Nightly export', definition } })).json<{ id: string }>().id;
    return { owner, member, workflowId };
  };
  const inbox = async (who: TestActor) => (await t.app.inject({ url: '/api/notifications', headers: who.bearer })).json<{ items: NotificationView[]; unread: number }>();
  const setPrefs = async (who: TestActor, patch: Partial<Preferences>) => {
    const r = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: who.bearer, payload: patch });
    expect(r.statusCode).toBe(200);
    return r.json<Preferences>();
  };
  const base = (who: TestActor, dedupeKey: string) => ({ workspaceId: who.workspaceId, userId: who.userId, kind: 'mention' as const, title: 'Hello', body: 'there', link: '/workflows', actorId: null, dedupeKey });

  it('keeps preferences per user; a kind turned off is not stored; in-app off is stored already read', async () => {
    const { member } = await workspace();
    expect((await t.app.inject({ url: '/api/notifications/preferences', headers: member.bearer })).json()).toMatchObject({ inApp: true, emailDigest: false, slackDigest: false, digestFrequency: 'daily' });
    expect((await setPrefs(member, { kinds: ['run_failed'] })).kinds).toEqual(['run_failed']);
    expect(await notify(t.ctx, base(member, 'off-1'))).toBeUndefined();
    await setPrefs(member, { kinds: ['mention', 'run_failed'], inApp: false });
    expect(await notify(t.ctx, base(member, 'quiet-1'))).toMatchObject({ readAt: expect.any(String) });
    expect((await inbox(member)).unread).toBe(0);
    await setPrefs(member, { inApp: true, kinds: ['mention', 'comment_reply', 'run_failed', 'sync_failed', 'connection_attention'] });
    // Bad input names the field.
    const bad = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: member.bearer, payload: { digestFrequency: 'yearly' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('digestFrequency');
  });

  it('drops repeats by dedupe key and marks all read', async () => {
    const { owner, member } = await workspace();
    expect(await notify(t.ctx, base(owner, 'dup-1'))).toBeDefined();
    expect(await notify(t.ctx, base(owner, 'dup-1'))).toBeUndefined();
    expect((await inbox(owner)).unread).toBe(1);
    expect((await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: owner.bearer })).json()).toEqual({ updated: 1 });
    expect((await inbox(owner)).unread).toBe(0);
    // Someone else's notification cannot be marked read.
    const id = (await inbox(owner)).items[0]!.id;
    expect((await t.app.inject({ method: 'POST', url: `/api/notifications/${id}/read`, headers: member.bearer })).statusCode).toBe(404);
  });

  it('tells the owner about failed runs and broken connections, once, from the background sweep', async () => {
    const { owner, member, workflowId } = await workspace();
    const now = nowIso();
    const run = { workspace_id: owner.workspaceId, workflow_id: workflowId, version: 1, mode: 'live', trigger_type: 'manual', trigger_data: '{}', attempt_group: 0, lease_owner: null, lease_until: 0, output: null, parent_run_id: null, parent_step_key: null, created_at: now, started_at: now, finished_at: now, updated_at: now };
    const runId = newId();
    await t.ctx.db.insertInto('workflow_runs').values({ ...run, id: runId, status: 'failed', error: JSON.stringify({ code: 'integrations.http.not_found', message: 'Slack says the channel does not exist.', stepId: 'post' }) }).execute();
    await t.ctx.db.insertInto('workflow_runs').values({ ...run, id: newId(), status: 'succeeded', error: null }).execute();
    const conn = await connectionRepository(t.ctx.db).create({ workspaceId: owner.workspaceId, userId: null, serviceId: 'github', label: 'Acme GitHub', authKind: 'oauth2', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: member.userId });
    await connectionRepository(t.ctx.db).setStatus(owner.workspaceId, conn.id, 'expired');

    await t.ctx.db.insertInto('memory_connections').values({ id: newId(), workspace_id: owner.workspaceId, kind: 'google_drive', name: 'Finance drive', owner_user_id: null, account_email: null, status: 'error', last_error: 'Drive answered 403', last_sync_started_at: now, last_sync_finished_at: null, created_at: now, updated_at: now }).execute();
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
    await t.ctx.db.insertInto('notifications').values({ id: newId(), workspace_id: owner.workspaceId, user_id: owner.userId, kind: 'mention', title: 'old', body: '', link: null, actor_id: null, dedupe_key: 'old-1', created_at: old, read_at: old, digested_at: old }).execute();

    const first = await sweepNotifications(t.ctx);
    expect(first).toEqual({ runs: 1, syncs: 1, connections: 1, pruned: 1 });
    expect(await sweepNotifications(t.ctx)).toEqual({ runs: 0, syncs: 0, connections: 0, pruned: 0 });
    // A shared source has no owner: the workspace's owners and admins hear about it.
    expect((await inbox(owner)).items.find((n) => n.kind === 'sync_failed')).toMatchObject({ title: 'Sync of “Finance drive” failed', body: 'Drive answered 403', link: '/memory' });
    const failed = (await inbox(owner)).items.find((n) => n.kind === 'run_failed');
    expect(failed).toMatchObject({ title: '“Nightly export” failed', body: 'Step post: Slack says the channel does not exist.', link: `/workflows/runs/${runId}` });
    expect((await inbox(member)).items.find((n) => n.kind === 'connection_attention')).toMatchObject({ title: 'Reconnect “Acme GitHub”', link: `/integrations/connections/${conn.id}` });
  });

  it('sends a Slack digest through the job queue and the Slack fake, once per period', async () => {
    const { owner, workflowId } = await workspace();
    const rt = integrationRuntime(t.ctx);
    await connectionRepository(t.ctx.db).create({ workspaceId: owner.workspaceId, userId: null, serviceId: 'slack', label: 'Acme Slack', authKind: 'oauth2', credentialsSealed: rt.vault.sealJson({ kind: 'oauth2', accessToken: slack.issue(), refreshToken: 'refresh-1', tokenType: 'Bearer' }), scopes: [], accountLabel: null, expiresAt: null, createdBy: owner.userId });
    await setPrefs(owner, { slackDigest: true, slackChannel: '#general', digestFrequency: 'daily' });
    await notify(t.ctx, { ...base(owner, 'digest-1'), title: 'Grace mentioned you on “Nightly export”', body: 'look at this', link: `/workflows/w/${workflowId}` });
    await notify(t.ctx, { ...base(owner, 'digest-2'), kind: 'run_failed', title: '“Nightly export” failed', body: 'Step post failed', link: `/workflows/w/${workflowId}` });

    // The scheduler enqueues for every subscriber in the database; count only this workspace's user.
    const queue = createJobQueue(t.ctx, { pollIntervalMs: 20 });
    const mine: string[] = [];
    const recording: JobQueue = {
      backend: queue.backend,
      enqueue: async (name, data, options) => {
        if (options?.id?.startsWith(`digest:${owner.workspaceId}:${owner.userId}:`)) mine.push(options.id);
        return queue.enqueue(name, data, options);
      },
      process: (name, handler, options) => queue.process(name, handler, options),
      remove: (name, id) => queue.remove(name, id),
      pendingCount: (name) => queue.pendingCount(name),
      close: () => queue.close(),
    };
    try {
      processDigests(t.ctx, recording);
      await scheduleDueDigests(t.ctx, recording);
      expect(mine).toHaveLength(1);
      const jobId = mine[0]!;

      // Done means the queue deleted the finished job: the handler (send + mark) has returned and committed.
      // Waiting on the Slack post alone raced the bookkeeping that follows it.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const row = await t.ctx.db.selectFrom('jobs').select(['id', 'attempts']).where('id', '=', jobId).executeTakeFirst();
        if (!row) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(await t.ctx.db.selectFrom('jobs').select('id').where('id', '=', jobId).executeTakeFirst()).toBeUndefined();

      const posts = slack.posted.filter((p) => p.text.includes(`/workflows/w/${workflowId}`));
      expect(posts).toHaveLength(1);
      expect(posts[0]!.channel).toBe('C000');
      expect(posts[0]!.text).toContain('Grace mentioned you on “Nightly export”');
      expect(posts[0]!.text).toContain(`https://atom.example.test/workflows/w/${workflowId}`);
      expect(posts[0]!.text).toContain('Failed runs (1)');

      // Everything sent is marked; the next schedule in the same day enqueues nothing for this user.
      const left = await t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', owner.userId).where('digested_at', 'is', null).execute();
      expect(left).toEqual([]);
      await scheduleDueDigests(t.ctx, recording);
      expect(mine).toHaveLength(1);
    } finally {
      await queue.close();
    }
  });

  it('sends an e-mail digest to the member through the Gmail fake; with nothing new it sends nothing', async () => {
    const { owner, member } = await workspace();
    const sentBefore = google.sent.length;
    const rt = integrationRuntime(t.ctx);
    await connectionRepository(t.ctx.db).create({ workspaceId: owner.workspaceId, userId: null, serviceId: 'gmail', label: 'Team Gmail', authKind: 'oauth2', credentialsSealed: rt.vault.sealJson({ kind: 'oauth2', accessToken: google.issue(), refreshToken: 'refresh-1', tokenType: 'Bearer' }), scopes: [], accountLabel: null, expiresAt: null, createdBy: owner.userId });
    await t.ctx.db.updateTable('notifications').set({ digested_at: nowIso() }).where('user_id', '=', member.userId).execute();
    await setPrefs(member, { emailDigest: true, digestFrequency: 'weekly' });
    await notify(t.ctx, { ...base(member, 'mail-1'), title: 'Ada replied to you on “Nightly export”', kind: 'comment_reply' });
    expect(await sendDigest(t.ctx, { workspaceId: member.workspaceId, userId: member.userId })).toEqual({ sent: ['email'], items: 1 });
    const raw = Buffer.from(google.sent.at(-1)!.raw, 'base64url').toString('utf8');
    expect(raw).toContain(`To: ${member.email}`);
    expect(raw).toContain('Replies (1)');
    expect(await sendDigest(t.ctx, { workspaceId: member.workspaceId, userId: member.userId })).toEqual({ sent: [], items: 0 });
    expect(google.sent).toHaveLength(sentBefore + 1);
  });
});
