import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { testPostgresUrl } from './support/postgres.js';

const exec = promisify(execFile);

// The CLI is tested as shipped: the compiled bin (npm test builds it first), which also starts much faster
// than transpiling every domain on the fly.
const bin = 'bin/atom.js';

async function atom(args: string[], env: Record<string, string>) {
  if (!existsSync('dist/cli/main.js')) throw new Error('dist/ is not built: run `npm run build:server` (npm test does).');
  try {
    const r = await exec(process.execPath, [bin, ...args], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ATOM_LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const tempDir = (p: string) => mkdtempSync(path.join(tmpdir(), p));
const fakeWebDist = () => {
  const d = tempDir('atom-web-');
  writeFileSync(path.join(d, 'index.html'), '<!doctype html>');
  return d;
};

describe('atom CLI', { timeout: 120_000 }, () => {
  it('stops with one clear line on a bad configuration value', async () => {
    const r = await atom(['serve'], { ATOM_PORT: 'abc', ATOM_DATA_DIR: tempDir('atom-cli-') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('config error: ATOM_PORT must be a whole number (got "abc")');
  });

  it('migrates, then reports the database is up to date', async () => {
    const env = { ATOM_DATA_DIR: tempDir('atom-cli-') };
    const first = await atom(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied 2026-11-26T0100-platform-meta$/m);
    const second = await atom(['migrate'], env);
    expect(second.stdout.trim()).toBe('database is up to date');
  });

  it('doctor says everything is fine on a healthy setup', async () => {
    const env = { ATOM_DATA_DIR: tempDir('atom-cli-'), ATOM_WEB_DIST: fakeWebDist() };
    await atom(['migrate'], env);
    const r = await atom(['doctor'], env);
    expect(r.stdout).toMatch(/^ok {3}database: SQLite at .*atom\.db: reachable, \d+ migrations applied, 0 pending$/m);
    expect(r.stdout).toMatch(/^ok {3}redis: not configured/m);
    expect(r.code).toBe(0);
  });

  it('doctor names what is wrong in plain words', async () => {
    const r = await atom(['doctor'], {
      ATOM_DATA_DIR: tempDir('atom-cli-'),
      ATOM_WEB_DIST: fakeWebDist(),
      ATOM_REDIS_URL: 'redis://127.0.0.1:1',
      ATOM_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL database: cannot use the database: .*Check ATOM_DATABASE_URL/m);
    expect(r.stdout).toMatch(/^FAIL redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/m);
    const bad = await atom(['doctor'], { ATOM_LOG_LEVEL: 'shouty' });
    expect(bad.stdout).toMatch(/^FAIL config: config error: ATOM_LOG_LEVEL /m);
  });

  it('worker refuses to start without Redis and says why', async () => {
    const r = await atom(['worker'], { ATOM_DATA_DIR: tempDir('atom-cli-') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs ATOM_REDIS_URL');
  });

  it('backs up SQLite and the data directory stores into a readable copy', async () => {
    const dataDir = tempDir('atom-cli-');
    const env = { ATOM_DATA_DIR: dataDir };
    await atom(['migrate'], env);
    // LanceDB snapshots are covered by the deployment backup/restore tests; here a plain store.
    mkdirSync(path.join(dataDir, 'uploads', 'ab'), { recursive: true });
    writeFileSync(path.join(dataDir, 'uploads', 'ab', 'file.txt'), 'uploaded');
    const db = new SQLite(path.join(dataDir, 'atom.db'));
    db.prepare("insert into atom_meta (key, value, updated_at) values ('probe', 'kept', 'now')").run();
    db.close();

    const target = path.join(tempDir('atom-backup-'), 'b1');
    const r = await atom(['backup', target], env);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(target, 'manifest.json'), 'utf8')) as { files: string[]; database: string };
    expect(manifest.database).toBe('sqlite');
    expect(manifest.files).toEqual(expect.arrayContaining(['atom.db', 'uploads']));
    expect(readFileSync(path.join(target, 'uploads', 'ab', 'file.txt'), 'utf8')).toBe('uploaded');
    const copy = new SQLite(path.join(target, 'atom.db'), { readonly: true });
    expect(copy.prepare("select value from atom_meta where key = 'probe'").get()).toEqual({ value: 'kept' });
    copy.close();
  });

  it('backs up PostgreSQL with pg_dump', async () => {
    const schema = `cli_backup_${Date.now().toString(36)}`;
    const env = { ATOM_DATA_DIR: tempDir('atom-cli-'), ATOM_DATABASE_URL: testPostgresUrl(), ATOM_DATABASE_SCHEMA: schema };
    await atom(['migrate'], env);
    const target = path.join(tempDir('atom-backup-'), 'pg');
    const r = await atom(['backup', target], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(path.join(target, 'atom.pgdump'))).toBe(true);
    const { dropSchema } = await import('./support/postgres.js');
    await dropSchema(testPostgresUrl(), schema);
  });
});
