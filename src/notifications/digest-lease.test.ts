import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleFake, type GoogleFake } from '../../test/fakes/google-apis/server.js';
import { startSlackFake, type SlackFake } from '../integrations/slack/fake.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { connectionRepository } from '../integrations/connections/connection-repository.js';
import { integrationActions, registerWorkflowActions } from '../integrations/index.js';
import { integrationRuntime } from '../integrations/runtime.js';
import { createContext, newId, type AppContext } from '../platform/index.js';
import type { Job, JobHandler, JobQueue } from '../platform/jobs/index.js';
import { actionRegistry } from '../workflows/index.js';
import { startNotificationWorkers } from './background.js';
import { sendDigest } from './digest.js';
import { notify } from './notify.js';
import { notificationStore } from './notification-repository.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A queue with no deduplication at all: every enqueue runs the handler at once. Each loop gets its own,
 * so the job id cannot be what keeps a digest from going out twice; only the database lease can.
 */
function naiveQueue(): JobQueue {
  const handlers = new Map<string, (job: Job<unknown>) => Promise<void>>();
  const running = new Set<Promise<void>>();
  let closed = false;
  return {
    backend: 'embedded',
    enqueue: (name, data, options) => {
      const id = options?.id ?? newId();
      const handler = handlers.get(name);
      if (handler && !closed) {
        const p: Promise<void> = handler({ id, queue: name, data, attempt: 1 })
          .catch(() => undefined)
          .finally(() => running.delete(p));
        running.add(p);
      }
      return Promise.resolve(id);
    },
    process: <T,>(name: string, handler: JobHandler<T>) => {
      handlers.set(name, (job) => handler({ ...job, data: job.data as T }));
    },
    remove: () => Promise.resolve(false),
    pendingCount: () => Promise.resolve(0),
    close: async () => {
      closed = true;
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

describe.each(dialects)('digests from several processes (%s)', (dialect) => {
  let slack: SlackFake;
  let google: GoogleFake;
  let t: TestApp;
  let other: AppContext;

  beforeAll(async () => {
    slack = await startSlackFake();
    google = await startGoogleFake();
    t = await createTestApp(dialect, {
      ATOM_LOG_LEVEL: 'warn',
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_PUBLIC_URL: 'https://atom.example.test',
      ATOM_INTEGRATIONS: JSON.stringify({
        slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${slack.url}/api`, tokenUrl: `${slack.url}/api/oauth.v2.access` },
        gmail: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${google.url}/gmail/v1`, tokenUrl: `${google.url}/token` },
      }),
    });
    // A second replica or worker: its own context (connection pool) on the same database.
    other = createContext(t.config, { logger: t.ctx.logger });
    // Its own action registry, with the integration actions its digests post through (as its start-up would).
    registerWorkflowActions(other, actionRegistry(other), integrationActions);
  });
  afterAll(async () => {
    await other.lifecycle.shutdown(other.logger);
    await t.cleanup();
    await slack.close();
    await google.close();
  });

  const slackPostsFor = (who: TestActor) => slack.posted.filter((p) => p.text.includes(`/workflows/w/${who.userId}`)).length;
  const mailsTo = (who: TestActor) => google.sent.filter((m) => Buffer.from(m.raw, 'base64url').toString('utf8').includes(`To: ${who.email}`)).length;

  /** Runs two background loops (separate contexts, separate queues) until every digest is out, and a bit longer. */
  async function runTwoLoops(users: TestActor[]): Promise<void> {
    const queues = [naiveQueue(), naiveQueue()];
    const stops = [startNotificationWorkers(t.ctx, queues[0]!, { intervalMs: 15 }), startNotificationWorkers(other, queues[1]!, { intervalMs: 15 })];
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const left = await t.ctx.db.selectFrom('notifications').select('id').where('user_id', 'in', users.map((u) => u.userId)).where('digested_at', 'is', null).execute();
        if (left.length === 0 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      // Many more ticks of both loops, each of which would enqueue a digest again if the claim allowed it.
      await new Promise((r) => setTimeout(r, 400));
    } finally {
      await Promise.all(stops.map((stop) => stop()));
      await Promise.all(queues.map((q) => q.close()));
    }
  }

  it('two background loops on one database send each user\'s digest exactly once per period', async () => {
    const owner = await signUpOwner(t.app, { name: 'Ada Owner' });
    const members = [await addMember(t.app, owner, 'member'), await addMember(t.app, owner, 'member'), await addMember(t.app, owner, 'member')];
    const users = [owner, ...members];
    const rt = integrationRuntime(t.ctx);
    const conn = (serviceId: string, label: string, token: string) =>
      connectionRepository(t.ctx.db).create({ workspaceId: owner.workspaceId, userId: null, serviceId, label, authKind: 'oauth2', credentialsSealed: rt.vault.sealJson({ kind: 'oauth2', accessToken: token, refreshToken: 'refresh-1', tokenType: 'Bearer' }), scopes: [], accountLabel: null, expiresAt: null, createdBy: owner.userId });
    await conn('slack', 'Acme Slack', slack.issue());
    await conn('gmail', 'Team Gmail', google.issue());

    const channels: { slack: boolean; email: boolean }[] = [
      { slack: true, email: false },
      { slack: false, email: true },
      { slack: true, email: true },
      { slack: true, email: false },
    ];
    const store = notificationStore(t.ctx.db);
    const addNews = async (round: number) => {
      for (const u of users) {
        for (const n of [1, 2]) {
          await notify(t.ctx, { workspaceId: u.workspaceId, userId: u.userId, kind: 'mention', title: `Round ${round} news ${n}`, body: 'look', link: `/workflows/w/${u.userId}`, actorId: null, dedupeKey: `lease-${round}-${n}` });
        }
      }
    };
    for (const [i, u] of users.entries()) await store.savePreferences(u.workspaceId, u.userId, { slackDigest: channels[i]!.slack, emailDigest: channels[i]!.email, slackChannel: '#general', digestFrequency: 'daily' });
    await addNews(1);

    await runTwoLoops(users);
    for (const [i, u] of users.entries()) {
      expect({ user: i, slack: slackPostsFor(u), email: mailsTo(u) }).toEqual({ user: i, slack: channels[i]!.slack ? 1 : 0, email: channels[i]!.email ? 1 : 0 });
    }
    const prefs = await t.ctx.db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', users.map((u) => u.userId)).execute();
    expect(prefs.every((p) => p.last_digest_at !== null && p.digest_lease_owner === null && p.digest_lease_until === null)).toBe(true);

    // The next period: once more each, no more.
    const dayAgo = new Date(Date.now() - 86_400_000 - 1_000).toISOString();
    await t.ctx.db.updateTable('notification_preferences').set({ last_digest_at: dayAgo }).where('user_id', 'in', users.map((u) => u.userId)).execute();
    await addNews(2);
    await runTwoLoops(users);
    for (const [i, u] of users.entries()) {
      expect({ user: i, slack: slackPostsFor(u), email: mailsTo(u) }).toEqual({ user: i, slack: channels[i]!.slack ? 2 : 0, email: channels[i]!.email ? 2 : 0 });
    }
  });

  it('a digest whose every channel fails gives its lease back, so the retry sends it', async () => {
    const owner = await signUpOwner(t.app, { name: 'Bo Owner' });
    const store = notificationStore(t.ctx.db);
    await store.savePreferences(owner.workspaceId, owner.userId, { slackDigest: true, slackChannel: '#general' });
    await notify(t.ctx, { workspaceId: owner.workspaceId, userId: owner.userId, kind: 'mention', title: 'Hello', body: '', link: `/workflows/w/${owner.userId}`, actorId: null, dedupeKey: 'retry-1' });
    // No Slack connection in this workspace yet: the post fails.
    await expect(sendDigest(t.ctx, { workspaceId: owner.workspaceId, userId: owner.userId })).rejects.toThrow();
    const held = await t.ctx.db.selectFrom('notification_preferences').select(['digest_lease_owner', 'last_digest_at']).where('user_id', '=', owner.userId).executeTakeFirstOrThrow();
    expect(held).toEqual({ digest_lease_owner: null, last_digest_at: null });
    const rt = integrationRuntime(t.ctx);
    await connectionRepository(t.ctx.db).create({ workspaceId: owner.workspaceId, userId: null, serviceId: 'slack', label: 'Bo Slack', authKind: 'oauth2', credentialsSealed: rt.vault.sealJson({ kind: 'oauth2', accessToken: slack.issue(), refreshToken: 'r', tokenType: 'Bearer' }), scopes: [], accountLabel: null, expiresAt: null, createdBy: owner.userId });
    expect(await sendDigest(other, { workspaceId: owner.workspaceId, userId: owner.userId })).toEqual({ sent: ['slack'], items: 1 });
    expect(slackPostsFor(owner)).toBe(1);
  });
});
