import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Driver, type LogEvent } from 'kysely';
import pg from 'pg';
import type { AtomConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import type { Database } from './schema.js';
import { createPriorityGate, currentDbPriority } from './pool-priority.js';
import { withStatementCache } from './statement-cache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL schema in use, when not the default. */
  schema: string | undefined;
  /** SQLite file path, when on SQLite. */
  sqlitePath: string | undefined;
  /** A round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  config: Pick<
    AtomConfig,
    'ATOM_DATABASE_URL' | 'ATOM_DATABASE_SCHEMA' | 'ATOM_DATABASE_POOL_MAX' | 'ATOM_DATA_DIR' | 'ATOM_SQLITE_BUSY_TIMEOUT_MS' | 'ATOM_SQLITE_CACHE_MB'
  > &
    Partial<Pick<AtomConfig, 'ATOM_DATABASE_POOL_ACQUIRE_TIMEOUT_MS'>>;
  logger: Logger;
  metrics?: Metrics;
}

const operationOf = (event: LogEvent): string => {
  switch (event.query.query.kind) {
    case 'SelectQueryNode':
      return 'select';
    case 'InsertQueryNode':
      return 'insert';
    case 'UpdateQueryNode':
      return 'update';
    case 'DeleteQueryNode':
      return 'delete';
    default:
      return 'other';
  }
};

// pg returns int8 (count(*), bigint columns) as strings by default; Atom keeps values below 2^53.
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Whether a Kysely instance (or a transaction of it) talks to PostgreSQL: for code handed only `db`, not the
 * app context. Migrations keep their own copy (migrations/_dialect.ts): they must not change with the app.
 */
export const isPostgresDb = (db: Kysely<Database>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** Opens SQLite under the data directory by default, or PostgreSQL when ATOM_DATABASE_URL is set. */
export function openDatabase({ config, logger, metrics }: OpenDatabaseOptions): DatabaseHandle {
  const dialect: DialectName = config.ATOM_DATABASE_URL ? 'postgres' : 'sqlite';
  const log = (event: LogEvent) => {
    const operation = operationOf(event);
    metrics?.dbQueryDuration.observe({ dialect, operation }, event.queryDurationMillis / 1000);
    if (event.level === 'error') {
      metrics?.dbQueryErrors.inc({ dialect, operation });
      logger.debug({ err: event.error, operation }, 'database query failed');
    }
  };

  if (dialect === 'postgres') {
    const schema = config.ATOM_DATABASE_SCHEMA;
    const acquireTimeoutMs = config.ATOM_DATABASE_POOL_ACQUIRE_TIMEOUT_MS ?? 5000;
    const pool = new pg.Pool({
      connectionString: config.ATOM_DATABASE_URL,
      max: config.ATOM_DATABASE_POOL_MAX,
      // Bounds both the wait for a free pooled connection and opening a new one: without it a request
      // waits forever when the pool is drained, and an overloaded server stops answering altogether.
      connectionTimeoutMillis: acquireTimeoutMs,
      types: pgTypes,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its server (PostgreSQL restart) must not crash the process; the pool reconnects.
    pool.on('error', (err) => logger.warn({ err }, 'PostgreSQL connection lost; the pool will reconnect'));
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    // pg-pool removes its own 'error' listener from a client while it is checked out, so a connection
    // that dies then (restart, failover) between two statements of a transaction would emit an 'error'
    // nobody listens to, and Node ends the process. With this listener the transaction's next statement
    // fails instead, and the pool drops the broken client when it is released.
    const guarded = new WeakSet<pg.PoolClient>();
    const onLost = (err: Error) => logger.warn({ err }, 'PostgreSQL connection lost while in use; its transaction fails');
    // Connections are handed out by request priority (pool-priority.ts), so pg-pool's own first-in,
    // first-out queue stays empty; every checkout is returned through pg-pool's 'release' event.
    const gate = createPriorityGate(config.ATOM_DATABASE_POOL_MAX, acquireTimeoutMs);
    pool.on('release', () => gate.release());
    (pool as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
      try {
        await gate.acquire(currentDbPriority());
      } catch (err) {
        metrics?.dbQueryErrors.inc({ dialect, operation: 'acquire' });
        throw poolTimeout(err) ?? err;
      }
      try {
        const client = await connect();
        if (!guarded.has(client)) {
          guarded.add(client);
          client.on('error', onLost);
        }
        return client;
      } catch (err) {
        gate.release();
        metrics?.dbQueryErrors.inc({ dialect, operation: 'acquire' });
        throw poolTimeout(err) ?? err;
      }
    };
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    return {
      db,
      dialect,
      schema,
      sqlitePath: undefined,
      ping: async () => {
        await sql`select 1`.execute(db);
      },
      close: () => db.destroy(),
    };
  }

  mkdirSync(config.ATOM_DATA_DIR, { recursive: true });
  const sqlitePath = path.resolve(config.ATOM_DATA_DIR, 'atom.db');
  const database = new SQLite(sqlitePath, { timeout: config.ATOM_SQLITE_BUSY_TIMEOUT_MS });
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${config.ATOM_SQLITE_BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  // WAL + NORMAL is durable against process crashes; only an OS crash can lose the last transactions.
  database.pragma('synchronous = NORMAL');
  // A negative cache_size is in KiB.
  if (config.ATOM_SQLITE_CACHE_MB > 0) database.pragma(`cache_size = -${config.ATOM_SQLITE_CACHE_MB * 1024}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialectKeepingErrors(database), log });
  return {
    db,
    dialect,
    schema: undefined,
    sqlitePath,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/**
 * A pooled PostgreSQL connection could not be had in time (pg-pool's acquire or connect timeout): the
 * server is overloaded or the database unreachable, so the caller should come back shortly.
 */
export function poolTimeout(err: unknown): AppError | undefined {
  const message = String((err as { message?: unknown } | null)?.message ?? '');
  if (!/timeout exceeded when trying to connect|connection timeout/i.test(message)) return undefined;
  return new AppError('platform.database.busy', 'The database is busy; try again shortly.', { status: 503, extensions: { retryAfter: 1 }, cause: err });
}

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL when the disk is full, I/O errors,
 * out of memory); Kysely's own ROLLBACK then fails with "no transaction is active" and that error replaces
 * the real one. Skipping the ROLLBACK when none is open keeps the real error (e.g. a clear "disk full").
 */
class SqliteDialectKeepingErrors extends SqliteDialect {
  readonly #database: SQLite.Database;
  constructor(database: SQLite.Database) {
    super({ database: withStatementCache(database) });
    this.#database = database;
  }
  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.#database.inTransaction) await rollback(connection);
    };
    return driver;
  }
}
