import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { eventBus, type RealtimeEvent } from '../../realtime/index.js';
import { createMemory, type Memory } from '../memory.js';
import { currentSyncJob } from './sync-runner.js';
import { newSyncProgress, syncProgressReporter } from './sync-progress.js';

describe('sync progress rows', () => {
  let t: TestContext;
  let memory: Memory;
  const source = { id: 'mcon_p', workspace_id: 'ws-p', name: 'Drive' };

  beforeAll(async () => {
    t = await createTestContext('sqlite', { ATOM_LOG_LEVEL: 'warn' });
    memory = await createMemory(t.ctx);
  });
  afterAll(async () => {
    await memory.close();
    await t.cleanup();
  });

  it('writes at most once per window while files complete, the last change when the window ends, and at once on flush', async () => {
    const progress = newSyncProgress(source);
    await memory.syncJobs.insert(progress);
    const saves: number[] = [];
    const events: RealtimeEvent[] = [];
    const unsubscribe = eventBus(t.ctx).subscribe((e) => {
      if (e.data['jobId'] === progress.id) events.push(e);
    });
    const save = memory.syncJobs.save;
    memory.syncJobs.save = async (p) => {
      saves.push(p.done);
      await save(p);
    };
    try {
      const reporter = syncProgressReporter(memory, progress, { everyMs: 200, eventEveryMs: 1000 });
      const started = Date.now();
      for (let i = 1; i <= 20; i++) {
        progress.done = i;
        reporter.changed();
        await new Promise((r) => setTimeout(r, 10));
      }
      // One write per 200 ms window at most (plus the first), never one per file, however slow the machine.
      expect(saves.length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 200) + 1);
      expect(saves.length).toBeLessThan(20);
      await new Promise((r) => setTimeout(r, 300));
      // The trailing write carried the last figure.
      expect(saves.at(-1)).toBe(20);
      expect((await memory.syncJobs.get('ws-p', progress.id))?.done).toBe(20);

      progress.done = 21;
      await reporter.flush();
      expect(saves.at(-1)).toBe(21);
      // Events go out at most once a second (web pages refetch on each), the end always.
      expect(events.length).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 1000) + 1);
      // A finished row is never reopened by a late write.
      Object.assign(progress, { status: 'finished', phase: 'done' });
      await reporter.flush();
      await new Promise((r) => setTimeout(r, 20));
      expect(events.at(-1)).toMatchObject({ type: 'memory.sync.progress', data: { status: 'finished', done: 21 } });
      Object.assign(progress, { status: 'running', done: 1 });
      await reporter.flush();
      expect(await memory.syncJobs.get('ws-p', progress.id)).toMatchObject({ status: 'finished', done: 21 });
    } finally {
      unsubscribe();
      memory.syncJobs.save = save;
    }
  });

  it('ends a running job whose process went silent, and a queued one no worker took', async () => {
    const running = newSyncProgress(source);
    await memory.syncJobs.insert(running);
    const row = (await memory.syncJobs.get('ws-p', running.id))!;
    expect((await currentSyncJob(memory, row)).status).toBe('running');
    const later = Date.parse(row.updatedAt) + 120_000;
    expect(await currentSyncJob(memory, row, later)).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped') });
    expect(await memory.syncJobs.get('ws-p', running.id)).toMatchObject({ status: 'failed', phase: 'done' });

    const queued = newSyncProgress(source, 'queued');
    await memory.syncJobs.insert(queued);
    const q = (await memory.syncJobs.get('ws-p', queued.id))!;
    expect((await currentSyncJob(memory, q, Date.parse(q.startedAt) + 120_000)).status).toBe('running');
    expect(await currentSyncJob(memory, q, Date.parse(q.startedAt) + 31 * 60_000)).toMatchObject({ status: 'failed', error: expect.stringContaining('atom worker') });
  });
});
