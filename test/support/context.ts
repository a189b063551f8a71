import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { buildApp, type BuildAppOptions } from '../../src/app.js';
import { createContext, loadConfig, migrateToLatest, type AppContext, type AtomConfig } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { dropSchema, testPostgresUrl } from './postgres.js';

export type TestDialect = 'sqlite' | 'postgres';
export const dialects: TestDialect[] = ['sqlite', 'postgres'];

/** Everything logged during a test, as parsed JSON lines, for assertions about logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestContext {
  ctx: AppContext;
  config: AtomConfig;
  logs: LogCapture;
  dataDir: string;
  /** Closes connections, drops the PostgreSQL schema and removes the data directory. */
  cleanup(): Promise<void>;
}

let counter = 0;

/**
 * A fresh, migrated Atom context on the given dialect: SQLite in a temporary data directory, or a new
 * schema in the local PostgreSQL, so test files can run in parallel without seeing each other.
 */
export async function createTestContext(
  dialect: TestDialect = 'sqlite',
  env: Record<string, string> = {},
  options: { migrate?: boolean } = {},
): Promise<TestContext> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-test-'));
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    ATOM_DATA_DIR: dataDir,
    ATOM_LOG_LEVEL: 'debug',
    ATOM_PORT: '0',
    // In-process search: a thread per test context would cost each a second of start-up CPU. The thread
    // has its own tests (src/memory/search/search-thread.test.ts), and the built server's tests use it.
    ATOM_MEMORY_SEARCH_THREAD: 'false',
    ...(dialect === 'postgres'
      ? { ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: schema, ATOM_DATABASE_POOL_MAX: '4' }
      : {}),
    ...env,
  });
  const logs = new LogCapture();
  const logger = createLogger({ level: config.ATOM_LOG_LEVEL, pretty: 'false', destination: logs });
  const ctx = createContext(config, { logger });
  if (options.migrate !== false) await migrateToLatest(ctx.database);
  return {
    ctx,
    config,
    logs,
    dataDir,
    cleanup: async () => {
      await ctx.lifecycle.shutdown(ctx.logger);
      if (dialect === 'postgres') await dropSchema(testPostgresUrl(), schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A built app (not listening) over a fresh context; use `app.inject()`. */
export async function createTestApp(
  dialect: TestDialect = 'sqlite',
  env: Record<string, string> = {},
  options: BuildAppOptions = {},
) {
  const t = await createTestContext(dialect, env);
  const app = await buildApp(t.ctx, options);
  return {
    ...t,
    app,
    cleanup: async () => {
      await app.close();
      await t.cleanup();
    },
  };
}
