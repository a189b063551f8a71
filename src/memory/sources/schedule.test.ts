import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../integrations/google-drive/fake.js';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { testRedisUrl } from '../../../test/support/postgres.js';
import { newId } from '../../platform/index.js';
import { createBullQueue, createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { createMemory, type Memory } from '../memory.js';
import type { MemoryConnection } from '../tables.js';
import { sourceApiEnv } from '../test-support.js';
import { adapterFor } from './index.js';
import { startScheduledSync, syncTickQueue } from './schedule.js';
import { syncConnection } from './sync.js';
import { processSyncJobs } from './sync-runner.js';

const backends = ['embedded-sqlite', 'embedded-postgres', 'bullmq'] as const;
const INTERVAL_MS = 2000;

const waitFor = async (cond: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Two "replicas" (two queue consumers on one database / one Redis prefix) share the schedule. */
describe.each(backends)('scheduled source sync (%s)', (backend) => {
  let t: TestContext;
  let memory: Memory;
  let drive: FakeGoogleDrive;
  let source: MemoryConnection;
  const queues: JobQueue[] = [];
  const prefix = `t${newId().replaceAll(/[^A-Za-z0-9]/g, '')}`;
  const ticks: number[] = [];
  const syncs: string[] = [];

  const makeQueue = () => {
    const q =
      backend === 'bullmq'
        ? createBullQueue({ redisUrl: testRedisUrl(), logger: t.ctx.logger, prefix })
        : createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 25 });
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    t = await createTestContext(backend === 'embedded-postgres' ? 'postgres' : 'sqlite', { ATOM_LOG_LEVEL: 'warn', ...sourceApiEnv({ drive: drive.url }) });
    memory = await createMemory(t.ctx);
    drive.add({ name: 'checklist.txt', content: 'Preflight checklist: canopy locked, spoilers closed.', sharedWith: ['me@example.com'] });
    source = await memory.connections.create({ workspaceId: 'ws-1', kind: 'google_drive', name: 'Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' });
  });
  afterAll(async () => {
    for (const q of queues) await q.close();
    await memory?.close();
    await drive?.close();
    await t?.cleanup();
  });

  it('fires each tick once across replicas and syncs every source on it, never twice at once', async () => {
    for (const replica of ['a', 'b']) {
      const queue = makeQueue();
      processSyncJobs({ memory, queue, accessToken: async () => drive.token, onStart: (c) => syncs.push(`${replica}:${c.id}`) });
      const s = startScheduledSync({ memory, queue, intervalMinutes: 1, intervalMs: INTERVAL_MS, onTick: (slot) => ticks.push(slot) });
      await s.ready;
    }
    // Both replicas scheduled the same next tick: one stored timer.
    expect(await queues[0]!.pendingCount(syncTickQueue)).toBe(1);

    await waitFor(async () => (await memory.documents.list('ws-1', ['email:me@example.com'], { connectionId: source.id, limit: 10 })).length === 1);
    await waitFor(() => ticks.length >= 3, 20_000);
    // Each slot ticked once, in order, one interval apart (no replica fired its own).
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.slice(1).every((s, i) => s === ticks[i]! + 1)).toBe(true);
    // A sync per tick at most (a source synced less than half an interval ago is not due).
    expect(syncs.length).toBeGreaterThanOrEqual(2);
    expect(syncs.length).toBeLessThanOrEqual(ticks.length);
    expect(syncs.every((s) => s.endsWith(source.id))).toBe(true);
    const row = await memory.connections.get('ws-1', source.id);
    expect(row?.last_sync_finished_at).toBeTruthy();

    // While another process holds the source's sync lease, a tick queues nothing and a direct sync is refused.
    await waitFor(() => memory.connections.tryLease(source.id, 'other-process', 60_000));
    // A sync queued just before the lease was taken may still start (and be refused): let one tick pass.
    const settled = ticks.length;
    await waitFor(() => ticks.length >= settled + 1, 20_000);
    const before = syncs.length;
    const tickCount = ticks.length;
    await waitFor(() => ticks.length >= tickCount + 2, 20_000);
    expect(syncs.length).toBe(before);
    await expect(syncConnection(memory, source, adapterFor(memory, source, async () => drive.token))).rejects.toMatchObject({ code: 'memory.source.sync_running' });
    await memory.connections.releaseLease(source.id, 'other-process');
  }, 60_000);
});

describe('atom serve wiring', () => {
  it('schedules the next sync tick at start (embedded queue), and not when the interval is 0', async () => {
    const { startTestServer } = await import('../../../test/support/server.js');
    const on = await startTestServer({ ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '5', ATOM_LOG_LEVEL: 'warn' });
    const off = await startTestServer({ ATOM_MEMORY_SYNC_INTERVAL_MINUTES: '0', ATOM_LOG_LEVEL: 'warn' });
    try {
      const slot = Math.floor(Date.now() / 300_000) + 1;
      await waitFor(async () => (await on.ctx.db.selectFrom('jobs').select('id').where('queue', '=', syncTickQueue).execute()).length === 1);
      const [row] = await on.ctx.db.selectFrom('jobs').select(['id', 'run_at']).where('queue', '=', syncTickQueue).execute();
      expect(row?.id).toMatch(new RegExp(`^memory-sync-tick:(${slot}|${slot + 1})$`));
      expect(await off.ctx.db.selectFrom('jobs').select('id').where('queue', '=', syncTickQueue).execute()).toEqual([]);
    } finally {
      await on.close();
      await off.close();
    }
  }, 60_000);
});
