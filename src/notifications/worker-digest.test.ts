import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../integrations/slack/fake.js';
import { createTestContext, type TestContext } from '../../test/support/context.js';
import { testRedisUrl } from '../../test/support/postgres.js';
import { connectionRepository } from '../integrations/connections/connection-repository.js';
import { integrationRuntime } from '../integrations/runtime.js';
import { newId, nowIso } from '../platform/index.js';
import { createJobQueue, type JobQueue } from '../platform/jobs/index.js';
import { startWorker, type RunningWorker } from '../worker.js';
import { DIGEST_QUEUE, type DigestJob } from './digest.js';
import { notificationStore } from './notification-repository.js';

// Queue mode: an `atom worker` (in this process, its own context) consumes a digest job an API process
// enqueued on Redis and sends it through the Slack integration action, which only the worker registered.
describe('digests in atom worker (queue mode, PostgreSQL + Redis)', () => {
  const prefix = `digest_${process.pid}_${Date.now().toString(36)}`;
  let slack: SlackFake;
  let t: TestContext;
  let worker: RunningWorker;
  let api: JobQueue;

  beforeAll(async () => {
    slack = await startSlackFake();
    t = await createTestContext('postgres', {
      ATOM_LOG_LEVEL: 'warn',
      ATOM_REDIS_URL: testRedisUrl(),
      ATOM_JOBS_PREFIX: prefix,
      ATOM_INTEGRATION_HEALTH_INTERVAL_MINUTES: '0',
      ATOM_RETENTION_INTERVAL_MINUTES: '0',
      ATOM_INTEGRATIONS: JSON.stringify({ slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${slack.url}/api`, tokenUrl: `${slack.url}/api/oauth.v2.access` } }),
    });
    worker = await startWorker({ ...t.config, ATOM_MIGRATE_ON_START: false });
    api = createJobQueue(t.ctx);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.cleanup();
    await slack?.close();
    const redis = new Redis(testRedisUrl());
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('the worker sends a digest enqueued by another process, once', async () => {
    const workspaceId = `ws_${newId()}`;
    const userId = `usr_${newId()}`;
    const rt = integrationRuntime(t.ctx);
    await connectionRepository(t.ctx.db).create({ workspaceId, userId: null, serviceId: 'slack', label: 'Acme Slack', authKind: 'oauth2', credentialsSealed: rt.vault.sealJson({ kind: 'oauth2', accessToken: slack.issue(), refreshToken: 'r', tokenType: 'Bearer' }), scopes: [], accountLabel: null, expiresAt: null, createdBy: userId });
    const store = notificationStore(t.ctx.db);
    await store.savePreferences(workspaceId, userId, { slackDigest: true, slackChannel: '#general' });
    await store.add({ workspaceId, userId, kind: 'run_failed', title: '“Nightly export” failed', body: 'Step post failed', link: `/workflows/w/${userId}`, actorId: null, dedupeKey: 'worker-1' });

    const job: DigestJob = { workspaceId, userId };
    // Two API replicas enqueue for the same user in different slots: the lease lets one through.
    await api.enqueue(DIGEST_QUEUE, job, { id: `digest:${workspaceId}:${userId}:1` });
    await api.enqueue(DIGEST_QUEUE, job, { id: `digest:${workspaceId}:${userId}:2` });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const left = await t.ctx.db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('digested_at', 'is', null).execute();
      if (left.length === 0 && (await api.pendingCount(DIGEST_QUEUE)) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    const posts = slack.posted.filter((p) => p.text.includes(`/workflows/w/${userId}`));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Failed runs (1)');
    const prefs = await t.ctx.db.selectFrom('notification_preferences').select(['last_digest_at', 'digest_lease_owner']).where('user_id', '=', userId).executeTakeFirstOrThrow();
    expect(prefs.digest_lease_owner).toBeNull();
    expect(prefs.last_digest_at! <= nowIso()).toBe(true);
  });
});
