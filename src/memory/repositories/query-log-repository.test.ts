// The query log records a search without making it wait, writes lines together, and every read of the log
// sees the searches recorded before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { queryLogRepository } from './query-log-repository.js';

describe.each(['sqlite', 'postgres'] as const)('query log (%s)', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.cleanup());
  const rows = async (ws: string) => (await t.ctx.db.selectFrom('memory_queries').select(['query', 'results']).where('workspace_id', '=', ws).orderBy('query').execute()).map((r) => `${r.query}:${Number(r.results)}`);

  it('writes recorded searches later, together, and a read of the log sees them at once', async () => {
    const log = queryLogRepository(t.ctx.db, { flushMs: 60_000 });
    log.record('ws-a', 'budget', 3, 12.5);
    log.record('ws-a', 'nothing here', 0, 4);
    expect(await rows('ws-a')).toEqual([]); // not written yet: the search did not wait for it
    const since = new Date(Date.now() - 60_000).toISOString();
    expect(await log.latencies('ws-a', since)).toEqual([4, 12.5]);
    expect(await rows('ws-a')).toEqual(['budget:3', 'nothing here:0']);
    log.record('ws-a', 'nothing here', 0, 5);
    expect((await log.top('ws-a', since, true)).map((r) => [r.query, Number(r.count)])).toEqual([['nothing here', 2]]);
  });

  it('writes on its own after the interval, and at once past the batch size', async () => {
    const log = queryLogRepository(t.ctx.db, { flushMs: 50, maxBatch: 3 });
    log.record('ws-b', 'one', 1, 1);
    await expect.poll(() => rows('ws-b'), { timeout: 5000 }).toEqual(['one:1']);
    for (const q of ['two', 'three', 'four']) log.record('ws-c', q, 1, 1);
    await expect.poll(() => rows('ws-c'), { timeout: 5000 }).toEqual(['four:1', 'three:1', 'two:1']);
  });

  it('a failed write is reported and never throws at the search', async () => {
    const failures: unknown[] = [];
    // A database that refuses the write (a schema that does not exist), as a full disk would.
    const log = queryLogRepository(t.ctx.db.withSchema('no_such_schema'), { flushMs: 60_000, onError: (err) => failures.push(err) });
    expect(() => log.record('ws-d', 'lost', 1, 1)).not.toThrow();
    await log.flush();
    expect(failures).toHaveLength(1);
    // Each later write is tried again (and reported again while the database refuses).
    log.record('ws-d', 'also lost', 1, 1);
    await log.flush();
    expect(failures).toHaveLength(2);
    const healthy = queryLogRepository(t.ctx.db, { flushMs: 60_000 });
    healthy.record('ws-d', 'kept', 1, 1);
    await healthy.flush();
    expect(await rows('ws-d')).toEqual(['kept:1']);
  });
});
