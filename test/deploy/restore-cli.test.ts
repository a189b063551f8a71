import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTo, restoreFrom } from '../../src/platform/backup/index.js';
import pg from 'pg';
import { createContext, loadConfig, migrateToLatest } from '../../src/platform/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { createTestContext } from '../support/context.js';
import { testPostgresUrl } from '../support/postgres.js';

const exec = promisify(execFile);

async function atom(args: string[], env: Record<string, string>) {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ATOM_LOG_LEVEL: 'silent', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
const dirs: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(path.join(tmpdir(), p));
  dirs.push(d);
  return d;
};
const config = (dataDir: string, extra: Record<string, string> = {}) => loadConfig({ ATOM_DATA_DIR: dataDir, ATOM_LOG_LEVEL: 'silent', ...extra });
const probeOf = (dataDir: string) => {
  const db = new SQLite(path.join(dataDir, 'atom.db'), { readonly: true });
  try {
    return db.prepare("select value from atom_meta where key = 'probe'").get();
  } finally {
    db.close();
  }
};

let backup = '';
beforeAll(async () => {
  const source = await createTestContext('sqlite');
  await source.ctx.db.insertInto('atom_meta').values({ key: 'probe', value: 'from backup', updated_at: 'now' }).execute();
  backup = path.join(tempDir('atom-bak-'), 'b');
  await backupTo(source.ctx, backup);
  await source.cleanup();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('atom restore', () => {
  it('the CLI restores into an empty data directory and refuses a full one in one plain line', { timeout: 300_000 }, async () => {
    const target = path.join(tempDir('atom-dst-'), 'data');
    const restored = await atom(['restore', backup], { ATOM_DATA_DIR: target });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^restored from .*: atom\.db \(backup of \d{4}-/m);
    expect(probeOf(target)).toEqual({ value: 'from backup' });

    const again = await atom(['restore', backup], { ATOM_DATA_DIR: target });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/^atom: .*atom\.db already holds a database; restore into an empty data directory, or pass --force\.$/);
  });

  it('--force replaces an existing database (swapped in whole, nothing left half-written)', async () => {
    const target = tempDir('atom-dst-');
    await restoreFrom(config(target), backup);
    const db = new SQLite(path.join(target, 'atom.db'));
    db.prepare("update atom_meta set value = 'changed later' where key = 'probe'").run();
    db.close();
    await expect(restoreFrom(config(target), backup)).rejects.toMatchObject({ code: 'platform.restore.target_not_empty' });
    expect(probeOf(target)).toEqual({ value: 'changed later' });
    await restoreFrom(config(target), backup, { force: true });
    expect(probeOf(target)).toEqual({ value: 'from backup' });
    expect(readdirSync(target).filter((f) => f.endsWith('.restoring'))).toEqual([]);
  });

  it('names what is wrong: not a backup, or a backup of the other database kind', async () => {
    await expect(restoreFrom(config(tempDir('atom-dst-')), tempDir('atom-empty-'))).rejects.toMatchObject({
      code: 'platform.restore.no_manifest',
      message: expect.stringMatching(/is not an Atom backup \(manifest\.json is missing or unreadable\)/),
    });
    const target = tempDir('atom-dst-');
    await expect(restoreFrom(config(target, { ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: 'never_created' }), backup)).rejects.toMatchObject({
      code: 'platform.restore.dialect_mismatch',
      message: 'The backup holds a sqlite database but this Atom is configured for postgres.',
    });
    expect(existsSync(path.join(target, 'atom.db'))).toBe(false);
  });

  it('PostgreSQL without ATOM_DATABASE_SCHEMA: the whole database (public schema) goes into a new empty database', { timeout: 120_000 }, async () => {
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    const names = [`atom_src_${process.pid}_${Date.now().toString(36)}`, `atom_dst_${process.pid}_${Date.now().toString(36)}`];
    for (const n of names) await admin.query(`create database "${n}"`);
    const urlOf = (n: string) => Object.assign(new URL(testPostgresUrl()), { pathname: `/${n}` }).toString();
    const logger = createLogger({ level: 'silent', pretty: 'false' });
    try {
      const source = createContext(config(tempDir('atom-pgsrc-'), { ATOM_DATABASE_URL: urlOf(names[0] as string) }), { logger });
      await migrateToLatest(source.database);
      await source.db.insertInto('atom_meta').values({ key: 'probe', value: 'public schema', updated_at: 'now' }).execute();
      const dir = path.join(tempDir('atom-pgbak-'), 'b');
      const manifest = await backupTo(source, dir);
      expect(manifest.schema).toBeUndefined();
      await source.lifecycle.shutdown(logger);

      const targetConfig = config(tempDir('atom-pgdst-'), { ATOM_DATABASE_URL: urlOf(names[1] as string) });
      await restoreFrom(targetConfig, dir);
      const target = createContext(targetConfig, { logger });
      const row = await target.db.selectFrom('atom_meta').select('value').where('key', '=', 'probe').executeTakeFirst();
      expect(row).toEqual({ value: 'public schema' });
      expect(await migrateToLatest(target.database)).toEqual([]);
      await expect(restoreFrom(targetConfig, dir)).rejects.toMatchObject({ code: 'platform.restore.target_not_empty' });
      await target.lifecycle.shutdown(logger);
    } finally {
      for (const n of names) await admin.query(`drop database if exists "${n}" with (force)`);
      await admin.end();
    }
  });
});
