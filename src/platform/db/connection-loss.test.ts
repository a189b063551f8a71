import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/context.js';
import { testPostgresUrl } from '../../../test/support/postgres.js';

// PostgreSQL only: a pooled connection that dies while a transaction holds it (a server restart, a
// failover, an idle-in-transaction timeout) must fail that transaction, not the process.
describe('PostgreSQL connection lost while checked out', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('fails the transaction that held it, raises no uncaught error, and the next query gets a fresh connection', async () => {
    t = await createTestContext('postgres');
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.prependListener('uncaughtException', onUncaught);
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    try {
      const outcome = await t.ctx.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          // The server ends this backend while no query of ours is running on it: pg emits 'error' on
          // the checked-out client, which has no pool listener attached at that moment.
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(trx);
          return 'committed';
        })
        .catch((err: unknown) => `failed: ${(err as Error).message}`);
      expect(outcome).toMatch(/^failed: /);
      expect(uncaught).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.ctx.db);
      expect(Number(rows[0]!.one)).toBe(1);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await admin.end();
    }
  });
});
