import { existsSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { migrationStatus, openDatabase } from '../platform/db/index.js';
import { webDistDir } from '../platform/http/index.js';
import { createLogger } from '../platform/logging/index.js';
import { connectRedis, pingRedis } from '../platform/redis/index.js';
import { ConfigError, loadConfig, type AtomConfig } from '../platform/config/index.js';

export interface DoctorFinding {
  ok: boolean;
  name: string;
  message: string;
}

const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');

/** Checks configuration, database, data directory, LanceDB directory and Redis; says what is wrong in plain words. */
export async function runDoctor(env?: Record<string, string | undefined>): Promise<DoctorFinding[]> {
  const findings: DoctorFinding[] = [];
  let config: AtomConfig;
  try {
    config = env ? loadConfig(env) : loadConfig();
    findings.push({ ok: true, name: 'config', message: 'configuration is valid' });
  } catch (err) {
    findings.push({ ok: false, name: 'config', message: err instanceof ConfigError ? err.message : String(err) });
    return findings;
  }

  const dataDir = path.resolve(config.ATOM_DATA_DIR);
  try {
    if (existsSync(dataDir)) {
      await access(dataDir, constants.W_OK);
      findings.push({ ok: true, name: 'data_dir', message: `${dataDir} is writable` });
    } else {
      await access(path.dirname(dataDir), constants.W_OK);
      findings.push({ ok: true, name: 'data_dir', message: `${dataDir} does not exist yet; it will be created on start` });
    }
  } catch {
    findings.push({ ok: false, name: 'data_dir', message: `${dataDir} is not writable by this user; fix its permissions or set ATOM_DATA_DIR` });
  }

  const lanceDir = path.join(dataDir, 'lancedb');
  findings.push(
    existsSync(lanceDir)
      ? { ok: true, name: 'lancedb', message: `memory store at ${lanceDir}` }
      : { ok: true, name: 'lancedb', message: `memory store ${lanceDir} will be created when the first document is stored` },
  );

  const logger = createLogger({ level: 'silent', pretty: 'false' });
  if (existsSync(dataDir) || config.ATOM_DATABASE_URL) {
    const db = openDatabase({ config, logger });
    try {
      await db.ping();
      const status = await migrationStatus(db);
      const pending = status.filter((m) => !m.executedAt).length;
      const where = db.dialect === 'sqlite' ? `SQLite at ${db.sqlitePath}` : `PostgreSQL at ${redactUrl(config.ATOM_DATABASE_URL ?? '')}`;
      findings.push({
        ok: true,
        name: 'database',
        message: `${where}: reachable, ${status.length - pending} migrations applied, ${pending} pending${pending ? ' (run `atom migrate`)' : ''}`,
      });
    } catch (err) {
      findings.push({
        ok: false,
        name: 'database',
        message: `cannot use the database: ${(err as Error).message}. Check ATOM_DATABASE_URL and that the server is running.`,
      });
    } finally {
      await db.close().catch(() => undefined);
    }
  } else {
    findings.push({ ok: true, name: 'database', message: 'SQLite will be created on first start' });
  }

  if (config.ATOM_REDIS_URL) {
    const redis = connectRedis(config.ATOM_REDIS_URL, logger, 'atom-doctor');
    try {
      await pingRedis(redis);
      findings.push({ ok: true, name: 'redis', message: `Redis at ${redactUrl(config.ATOM_REDIS_URL)} answers; queue mode is on` });
    } catch (err) {
      findings.push({ ok: false, name: 'redis', message: `cannot reach Redis at ${redactUrl(config.ATOM_REDIS_URL)}: ${(err as Error).message}` });
    } finally {
      redis.disconnect();
    }
  } else {
    findings.push({ ok: true, name: 'redis', message: 'not configured: jobs run in-process (embedded mode)' });
  }

  const dist = webDistDir({ config } as never);
  findings.push(
    existsSync(path.join(dist, 'index.html'))
      ? { ok: true, name: 'web', message: `web app built at ${dist}` }
      : { ok: false, name: 'web', message: `web app not built at ${dist}; run \`npm run build:web\`` },
  );
  return findings;
}
