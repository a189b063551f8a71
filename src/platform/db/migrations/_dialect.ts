// Helpers for migrations only: they must stay frozen in time, so they import nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design (kysely.dev)
export type MigrationDb = Kysely<any>;

export const isPostgres = (db: MigrationDb): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** Column type for binary data. */
export const binaryType = (db: MigrationDb) => (isPostgres(db) ? 'bytea' : 'blob');

/** Column type for 64-bit integers (counters, byte sizes, epoch milliseconds). */
export const bigintType = (db: MigrationDb) => (isPostgres(db) ? 'bigint' : 'integer');

/** Column type for floating point numbers. */
export const doubleType = (db: MigrationDb) => (isPostgres(db) ? 'double precision' : 'real');
