import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../../test/support/context.js';
import { migrateToLatest, migrationStatus } from './index.js';

// The same data-layer suite on SQLite and PostgreSQL, in every run.
describe.each(dialects)('database on %s', (dialect) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('applies every migration and is idempotent', async () => {
    t = await createTestContext(dialect, {}, { migrate: false });
    const first = await migrateToLatest(t.ctx.database);
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((r) => r.status === 'Success')).toBe(true);
    const second = await migrateToLatest(t.ctx.database);
    expect(second).toEqual([]);
    const status = await migrationStatus(t.ctx.database);
    expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
  });

  it('runs migrations from two connections at once without failing', async () => {
    t = await createTestContext(dialect, {}, { migrate: false });
    const other = await import('./database.js').then((m) =>
      m.openDatabase({ config: t!.config, logger: t!.ctx.logger }),
    );
    try {
      const results = await Promise.allSettled([migrateToLatest(t.ctx.database), migrateToLatest(other)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    } finally {
      await other.close();
    }
  });

  it('stores, updates and reads rows with the portable conventions', async () => {
    t = await createTestContext(dialect);
    const { db } = t.ctx;
    const now = new Date().toISOString();
    await db.insertInto('atom_meta').values({ key: 'instance', value: 'a', updated_at: now }).execute();
    await db
      .insertInto('atom_meta')
      .values({ key: 'instance', value: 'b', updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'b' }))
      .execute();
    const row = await db.selectFrom('atom_meta').selectAll().where('key', '=', 'instance').executeTakeFirstOrThrow();
    expect(row).toEqual({ key: 'instance', value: 'b', updated_at: now });
    const { count } = await db
      .selectFrom('atom_meta')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    // count(*) is a number on both dialects (pg's int8 parser is set), not a string.
    expect(count).toBe(1);
  });

  it('rolls back a failed transaction completely', async () => {
    t = await createTestContext(dialect);
    const { db } = t.ctx;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('atom_meta').values({ key: 'k1', value: 'v', updated_at: 'now' }).execute();
        await trx.insertInto('atom_meta').values({ key: 'k1', value: 'dup', updated_at: 'now' }).execute();
      }),
    ).rejects.toThrow();
    const rows = await db.selectFrom('atom_meta').selectAll().where('key', '=', 'k1').execute();
    expect(rows).toEqual([]);
  });

  it('records query durations in the metrics', async () => {
    t = await createTestContext(dialect);
    await t.ctx.db.selectFrom('atom_meta').selectAll().execute();
    const text = await t.ctx.metrics.registry.metrics();
    expect(text).toMatch(new RegExp(`atom_db_query_duration_seconds_count\\{dialect="${dialect}",operation="select"\\} [1-9]`));
  });

  if (dialect === 'sqlite') {
    it('uses WAL, a busy timeout and enforced foreign keys', async () => {
      t = await createTestContext(dialect);
      const { db } = t.ctx;
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
      expect(busy.rows[0]?.timeout).toBe(5000);
    });

    it('sizes the page cache from ATOM_SQLITE_CACHE_MB', async () => {
      t = await createTestContext(dialect, { ATOM_SQLITE_CACHE_MB: '64' });
      const cache = await sql<{ cache_size: number }>`pragma cache_size`.execute(t.ctx.db);
      expect(cache.rows[0]?.cache_size).toBe(-65536);
    });
  } else {
    it('keeps each test in its own schema', async () => {
      t = await createTestContext(dialect);
      const r = await sql<{ s: string }>`select current_schema() as s`.execute(t.ctx.db);
      expect(r.rows[0]?.s).toBe(t.config.ATOM_DATABASE_SCHEMA);
    });
  }
});
