import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AtomConfig } from './config/index.js';
import { openDatabase, type Database, type DatabaseHandle } from './db/index.js';
import { checkDataDir, createReadiness, type Readiness } from './health/readiness.js';
import { createLifecycle, type Lifecycle } from './lifecycle/index.js';
import { createLogger, type Logger } from './logging/index.js';
import { createMetrics, type Metrics } from './metrics/index.js';
import { connectRedis, pingRedis, type Redis } from './redis/index.js';

/**
 * The shared resources every domain receives, passed explicitly (no globals): configuration, logger,
 * metrics, the database, Redis in queue mode, shutdown hooks and readiness checks.
 */
export interface AppContext {
  config: AtomConfig;
  logger: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
  db: Kysely<Database>;
  /** Present in queue mode (ATOM_REDIS_URL). */
  redis: Redis | undefined;
  lifecycle: Lifecycle;
  readiness: Readiness;
  /** Absolute data directory (SQLite file, LanceDB, vault key file, uploads). */
  dataDir: string;
}

export interface CreateContextOptions {
  logger?: Logger;
  metrics?: Metrics;
}

export function createContext(config: AtomConfig, options: CreateContextOptions = {}): AppContext {
  const logger =
    options.logger ?? createLogger({ level: config.ATOM_LOG_LEVEL, pretty: config.ATOM_LOG_PRETTY });
  const metrics = options.metrics ?? createMetrics();
  const dataDir = path.resolve(config.ATOM_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const lifecycle = createLifecycle();
  const readiness = createReadiness();

  const database = openDatabase({ config, logger, metrics });
  lifecycle.onShutdown('database', () => database.close());
  readiness.add({ name: 'database', check: () => database.ping() });
  readiness.add({ name: 'data_dir', check: () => checkDataDir(dataDir) });

  let redis: Redis | undefined;
  if (config.ATOM_REDIS_URL) {
    const r = connectRedis(config.ATOM_REDIS_URL, logger, 'atom-api');
    redis = r;
    lifecycle.onShutdown('redis', async () => {
      await r.quit().catch(() => r.disconnect());
    });
    readiness.add({ name: 'redis', check: () => pingRedis(r) });
  }

  return { config, logger, metrics, database, db: database.db, redis, lifecycle, readiness, dataDir };
}
