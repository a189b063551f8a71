import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { testRedisUrl } from '../../../test/support/postgres.js';
import { newId } from '../ids/index.js';
import { createBullQueue } from './bullmq.js';
import { createEmbeddedQueue } from './embedded.js';
import type { Clock, JobQueue } from './types.js';

type Backend = 'embedded-sqlite' | 'embedded-postgres' | 'bullmq';
const backends: Backend[] = ['embedded-sqlite', 'embedded-postgres', 'bullmq'];

const waitFor = async (cond: () => boolean | Promise<boolean>, timeoutMs = 8000) => {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(backends)('JobQueue (%s)', (backend) => {
  let t: TestContext;
  const open: JobQueue[] = [];
  const prefix = `t${newId().replaceAll('-', '')}`;

  /** A new queue instance, as a new process would create it (same database / same Redis prefix). */
  const makeQueue = async (clock?: Clock, lockMs?: number): Promise<JobQueue> => {
    t ??= await createTestContext(backend === 'embedded-postgres' ? 'postgres' : 'sqlite');
    const q =
      backend === 'bullmq'
        ? createBullQueue({ redisUrl: testRedisUrl(), logger: t.ctx.logger, prefix, ...(clock ? { clock } : {}) })
        : createEmbeddedQueue({
            db: t.ctx.db,
            dialect: t.ctx.database.dialect,
            logger: t.ctx.logger,
            pollIntervalMs: 20,
            ...(clock ? { clock } : {}),
            ...(lockMs ? { lockMs } : {}),
          });
    open.push(q);
    return q;
  };

  afterEach(async () => {
    for (const q of open.splice(0)) await q.close();
    await t?.cleanup();
    t = undefined as unknown as TestContext;
  });

  it('runs an enqueued job with its data once', async () => {
    const q = await makeQueue();
    const seen: unknown[] = [];
    q.process<{ n: number }>('q1', async (job) => {
      seen.push(job.data.n);
    });
    await q.enqueue('q1', { n: 1 });
    await q.enqueue('q1', { n: 2 });
    await waitFor(() => seen.length === 2);
    expect(seen.sort()).toEqual([1, 2]);
  });

  it('treats a deterministic id as one job while it is pending', async () => {
    const q = await makeQueue();
    await q.enqueue('q2', { n: 1 }, { id: 'retry:run1:step1:2', delayMs: 300 });
    await q.enqueue('q2', { n: 2 }, { id: 'retry:run1:step1:2', delayMs: 300 });
    expect(await q.pendingCount('q2')).toBe(1);
    const seen: number[] = [];
    q.process<{ n: number }>('q2', async (job) => {
      seen.push(job.data.n);
      expect(job.id).toBe('retry:run1:step1:2');
    });
    await waitFor(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([1]);
    // After it ran, the same id can be scheduled again.
    await q.enqueue('q2', { n: 3 }, { id: 'retry:run1:step1:2' });
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([1, 3]);
  });

  it('keeps a delayed job (stored timer) across a restart', async () => {
    const first = await makeQueue();
    await first.enqueue('q3', { hello: 'later' }, { delayMs: 400 });
    await first.close();
    const second = await makeQueue();
    const seen: unknown[] = [];
    const started = Date.now();
    second.process('q3', async (job) => {
      seen.push(job.data);
    });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([{ hello: 'later' }]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a job whose handler threw, then succeeds', async () => {
    const q = await makeQueue();
    const attempts: number[] = [];
    q.process('q4', async (job) => {
      attempts.push(job.attempt);
      if (job.attempt === 1) throw new Error('transient');
    });
    await q.enqueue('q4', {}, { maxAttempts: 3 });
    await waitFor(() => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
  });

  it('drains running jobs on close', async () => {
    const q = await makeQueue();
    let finished = false;
    let started = false;
    q.process('q5', async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 300));
      finished = true;
    });
    await q.enqueue('q5', {});
    await waitFor(() => started);
    await q.close();
    expect(finished).toBe(true);
  });

  it('removes a pending job', async () => {
    const q = await makeQueue();
    await q.enqueue('q6', {}, { id: 'timer-1', delayMs: 60_000 });
    expect(await q.remove('q6', 'timer-1')).toBe(true);
    expect(await q.pendingCount('q6')).toBe(0);
    expect(await q.remove('q6', 'timer-1')).toBe(false);
  });
});

describe.each(['sqlite', 'postgres'] as const)('embedded JobQueue specifics (%s)', (dialect) => {
  it('a timer 30 s out survives a restart and fires when the (controllable) clock reaches it', async () => {
    const t = await createTestContext(dialect);
    let now = Date.parse('2026-11-26T10:00:00Z');
    const clock: Clock = { now: () => now };
    const opts = { db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 20, clock };
    const before = createEmbeddedQueue(opts);
    await before.enqueue('retry', { step: 's1' }, { id: 'retry:r1:s1:2', delayMs: 30_000 });
    await before.close();

    const after = createEmbeddedQueue(opts);
    const seen: unknown[] = [];
    after.process('retry', async (job) => {
      seen.push(job.data);
    });
    now += 29_000;
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual([]);
    now += 1_500;
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([{ step: 's1' }]);
    await after.close();
    await t.cleanup();
  });

  it('hands a job whose consumer died (lock expired) to another consumer', async () => {
    const t = await createTestContext(dialect);
    const opts = { db: t.ctx.db, dialect: t.ctx.database.dialect, logger: t.ctx.logger, pollIntervalMs: 20, lockMs: 300 };
    await createEmbeddedQueue(opts).enqueue('crash', { n: 1 });
    // Simulate a consumer that claimed the job and died: lock set, nobody renews it.
    await t.ctx.db.updateTable('jobs').set({ locked_by: 'dead', locked_until: Date.now() + 300, attempts: 1 }).execute();
    const q = createEmbeddedQueue(opts);
    const attempts: number[] = [];
    q.process('crash', async (job) => {
      attempts.push(job.attempt);
    });
    await waitFor(() => attempts.length === 1);
    expect(attempts).toEqual([2]);
    await q.close();
    await t.cleanup();
  });
});
