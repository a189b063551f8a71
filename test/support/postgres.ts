import pg from 'pg';

export const testPostgresUrl = (): string =>
  process.env['ATOM_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export const testRedisUrl = (): string => process.env['ATOM_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export async function assertPostgresReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${(err as Error).message}). The suite runs every data-layer test on PostgreSQL too; start it (scripts/ensure-services.sh) or set ATOM_TEST_DATABASE_URL.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops a per-test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
