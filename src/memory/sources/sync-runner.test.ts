import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGoogleDrive, type FakeGoogleDrive } from '../../integrations/google-drive/fake.js';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { createEmbeddedQueue, type JobQueue } from '../../platform/jobs/index.js';
import { createMemory, type Memory } from '../memory.js';
import { sourceApiEnv } from '../test-support.js';
import { adapterFor } from './index.js';
import { newSyncProgress } from './sync-progress.js';
import { processSyncJobs, syncQueue, type SyncJobData } from './sync-runner.js';
import { startSyncJob } from './sync.js';

describe('queued syncs and the source lease', () => {
  let t: TestContext;
  let memory: Memory;
  let drive: FakeGoogleDrive;
  let queue: JobQueue;

  beforeAll(async () => {
    drive = await startFakeGoogleDrive();
    t = await createTestContext('sqlite', { ATOM_LOG_LEVEL: 'warn', ...sourceApiEnv({ drive: drive.url }) });
    memory = await createMemory(t.ctx);
    for (let i = 0; i < 3; i++) drive.add({ name: `log-${i}.txt`, content: `Logbook page ${i}.`, sharedWith: ['me@example.com'] });
    queue = createEmbeddedQueue({ db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 25 });
    processSyncJobs({ memory, queue, accessToken: async () => drive.token, leaseMs: 5000 });
  });
  afterAll(async () => {
    await queue.close();
    await memory.close();
    await drive.close();
    await t.cleanup();
  });

  it('a started job handed out again after its process died resumes once the dead lease lapses', async () => {
    const c = await memory.connections.create({ workspaceId: 'ws-r', kind: 'google_drive', name: 'Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' });
    // The dead process: it held the lease (lapsing in 1.5 s) and had started the job's row.
    expect(await memory.connections.tryLease(c.id, 'dead-process', 1500)).toBe(true);
    const started = newSyncProgress(c, 'full');
    await memory.syncJobs.insert(started);
    const data: SyncJobData = { workspaceId: 'ws-r', connectionId: c.id, jobId: started.id };
    await queue.enqueue(syncQueue, data, { id: `memory-sync:${c.id}:${started.id}`, maxAttempts: 1 });

    // The redelivered job ends the dead one's row with the reason...
    await expect.poll(async () => (await memory.syncJobs.get('ws-r', started.id))?.status, { timeout: 5000 }).toBe('failed');
    expect((await memory.syncJobs.get('ws-r', started.id))?.error).toContain('continues from its last saved page');
    // ...and a sync resumes after the lease lapsed, under a new job, to the end.
    await expect
      .poll(async () => (await memory.syncJobs.latestByConnection('ws-r')).get(c.id), { timeout: 10_000, interval: 100 })
      .toMatchObject({ status: 'finished', done: 3, indexed: 3 });
    expect((await memory.documents.list('ws-r', ['email:me@example.com'], { connectionId: c.id, limit: 10 })).length).toBe(3);
  }, 20_000);

  it('a job finding the lease held by a job whose heartbeat stopped takes the sync over at once; a live holder is left alone', async () => {
    const make = (name: string) => memory.connections.create({ workspaceId: 'ws-r', kind: 'google_drive', name, ownerUserId: 'u1', accountEmail: 'me@example.com' });
    const [gone, live] = [await make('Gone Drive'), await make('Live Drive')];
    // Each holds a 10-minute lease under its job's id; the gone one's row last wrote 2 minutes ago.
    const holders = [newSyncProgress(gone, 'full'), newSyncProgress(live, 'full')];
    for (const [i, c] of [gone, live].entries()) {
      await memory.syncJobs.insert(holders[i]!);
      expect(await memory.connections.tryLease(c.id, holders[i]!.id, 600_000)).toBe(true);
    }
    await t.ctx.db.updateTable('memory_sync_jobs').set({ updated_at: new Date(Date.now() - 120_000).toISOString() }).where('id', '=', holders[0]!.id).execute();
    const queued = [gone, live].map((c) => newSyncProgress(c, 'queued'));
    for (const [i, c] of [gone, live].entries()) {
      await memory.syncJobs.insert(queued[i]!);
      await queue.enqueue(syncQueue, { workspaceId: 'ws-r', connectionId: c.id, jobId: queued[i]!.id } satisfies SyncJobData, { id: `memory-sync:${c.id}:${queued[i]!.id}`, maxAttempts: 1 });
    }
    // Gone holder: its row is ended as superseded, the queued job runs the sync to the end and frees the lease.
    await expect.poll(async () => (await memory.syncJobs.get('ws-r', queued[0]!.id))?.status, { timeout: 10_000, interval: 100 }).toBe('finished');
    expect(await memory.syncJobs.get('ws-r', holders[0]!.id)).toMatchObject({ status: 'failed', error: expect.stringContaining(`job ${queued[0]!.id} continues it`) });
    expect((await memory.connections.get('ws-r', gone.id))?.sync_lease_owner).toBeNull();
    // Live holder (heartbeat fresh): never taken over, however long its lease.
    await expect.poll(async () => (await memory.syncJobs.get('ws-r', queued[1]!.id))?.error, { timeout: 5000 }).toContain('already running');
    expect((await memory.connections.get('ws-r', live.id))?.sync_lease_owner).toBe(holders[1]!.id);
    expect((await memory.syncJobs.get('ws-r', holders[1]!.id))?.status).toBe('running');
    await memory.connections.releaseLease(live.id, holders[1]!.id);
  }, 20_000);

  it('a sync whose lease was taken over (it looked gone) stops at its next page end without saving its cursor', async () => {
    const slow = await startFakeGoogleDrive();
    slow.pageSize = 2;
    for (let i = 0; i < 12; i++) slow.add({ name: `slow-${i}.txt`, content: `Slow page ${i}.`, sharedWith: ['me@example.com'] });
    try {
      const c = await memory.connections.create({ workspaceId: 'ws-r', kind: 'google_drive', name: 'Stalled Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' });
      // The server's configured Drive is `drive`; this slow one stands in for it on this sync only.
      const delayed: typeof fetch = async (input, init) => (await new Promise((r) => setTimeout(r, 150)), fetch(String(input).replace(drive.url, slow.url), init));
      const progress = newSyncProgress(c);
      await memory.syncJobs.insert(progress);
      expect(await memory.connections.tryLease(c.id, progress.id, 600_000)).toBe(true);
      const job = startSyncJob(memory, c, adapterFor(memory, c, async () => slow.token, { fetch: delayed }), progress, { leaseOwner: progress.id, leaseMs: 600_000 });
      await expect.poll(() => progress.done, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(3);
      // Another process decided this one was gone and took the lease.
      expect(await memory.connections.takeOverLease(c.id, progress.id, 'mjob_successor', 600_000)).toBe(true);
      const pagesAtTakeover = (await memory.syncState.get(c.id))?.pages_done ?? 0;
      const result = await job.done;
      expect(result).toMatchObject({ status: 'failed', error: 'Another process took over this sync.' });
      expect(result.done).toBeLessThan(12);
      // No cursor saved after the take-over (the save is fenced by the lease), the successor's lease kept,
      // the source's status left to it.
      expect((await memory.syncState.get(c.id))?.pages_done ?? 0).toBe(pagesAtTakeover);
      expect((await memory.connections.get('ws-r', c.id))?.sync_lease_owner).toBe('mjob_successor');
      expect((await memory.connections.get('ws-r', c.id))?.status).not.toBe('error');
    } finally {
      await slow.close();
    }
  }, 20_000);

  it('a "sync now" job whose source another process is syncing ends at once and queues nothing more', async () => {
    const c = await memory.connections.create({ workspaceId: 'ws-r', kind: 'google_drive', name: 'Busy Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' });
    expect(await memory.connections.tryLease(c.id, 'live-process', 60_000)).toBe(true);
    const queued = newSyncProgress(c, 'queued');
    await memory.syncJobs.insert(queued);
    await queue.enqueue(syncQueue, { workspaceId: 'ws-r', connectionId: c.id, jobId: queued.id } satisfies SyncJobData, { id: `memory-sync:${c.id}:${queued.id}`, maxAttempts: 1 });
    await expect.poll(async () => (await memory.syncJobs.get('ws-r', queued.id))?.error, { timeout: 5000 }).toContain('already running');
    expect(await queue.pendingCount(syncQueue)).toBe(0);
    await memory.connections.releaseLease(c.id, 'live-process');
  });
});
