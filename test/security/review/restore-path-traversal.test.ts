import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTo, restoreFrom } from '../../../src/platform/backup/index.js';
import { loadConfig } from '../../../src/platform/index.js';
import { createTestContext } from '../../support/context.js';

/**
 * Low finding "`atom restore` joins manifest file names into paths unchecked": a crafted backup whose
 * manifest names `../../escape` (or an absolute path) made restore copy files outside the data directory.
 * Such a manifest must be refused before anything is written. The check reads only the manifest, before
 * the database step, so it is the same on both dialects: these run on SQLite (the PostgreSQL path differs
 * only in pg_restore, which is never reached).
 */
const exec = promisify(execFile);
const dirs: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(path.join(tmpdir(), p));
  dirs.push(d);
  return d;
};
let genuine = '';

beforeAll(async () => {
  const source = await createTestContext('sqlite');
  genuine = path.join(tempDir('atom-trav-bak-'), 'b');
  await backupTo(source.ctx, genuine);
  await source.cleanup();
}, 60_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of a real backup under root/a/b/backup with `files` put in its manifest, and root/x/y/data as the target. */
function craft(files: string[]) {
  const root = tempDir('atom-trav-');
  const backup = path.join(root, 'a', 'b', 'backup');
  cpSync(genuine, backup, { recursive: true });
  // What "../../escape" points at from the backup: a folder with a file the attacker wants written.
  mkdirSync(path.join(root, 'a', 'escape'), { recursive: true });
  writeFileSync(path.join(root, 'a', 'escape', 'authorized_keys'), 'ssh-ed25519 AAAA attacker');
  const manifestPath = path.join(backup, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: string[] };
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, files: [...manifest.files, ...files] }));
  const dataDir = path.join(root, 'x', 'y', 'data');
  return { root, backup, dataDir, escaped: path.join(root, 'x', 'escape') };
}

describe('finding "atom restore path traversal": manifest file names cannot leave the data directory', () => {
  it.each([
    ['a parent-directory path', '../../escape'],
    ['a path that climbs out after a known folder', 'uploads/../../../escape'],
    ['an absolute path', '/tmp/atom-restore-absolute-escape'],
    ['a nested path', 'uploads/inner'],
    ['an empty name', ''],
    ['a dot', '.'],
  ])('refuses a manifest naming %s, and writes nothing', async (_label, name) => {
    const t = craft([name]);
    const err = await restoreFrom(loadConfig({ ATOM_DATA_DIR: t.dataDir, ATOM_LOG_LEVEL: 'silent' }), t.backup).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'platform.restore.bad_manifest' });
    expect(existsSync(t.escaped)).toBe(false);
    expect(existsSync(t.dataDir)).toBe(false);
    expect(existsSync('/tmp/atom-restore-absolute-escape')).toBe(false);
  });

  it('the CLI refuses it in one plain line, and neither the data directory nor the escaped path exists afterwards', { timeout: 120_000 }, async () => {
    const t = craft(['../../escape']);
    const out = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'restore', t.backup], {
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ATOM_LOG_LEVEL: 'silent', ATOM_DATA_DIR: t.dataDir },
      timeout: 100_000,
    }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toMatch(/^atom: .*\.\.\/\.\.\/escape/);
    expect(existsSync(t.escaped)).toBe(false);
    expect(existsSync(t.dataDir)).toBe(false);
  });

  it('a genuine backup still restores', async () => {
    const dataDir = path.join(tempDir('atom-trav-ok-'), 'data');
    const report = await restoreFrom(loadConfig({ ATOM_DATA_DIR: dataDir, ATOM_LOG_LEVEL: 'silent' }), genuine);
    expect(report.restored).toContain('atom.db');
    expect(readdirSync(dataDir)).toContain('atom.db');
  });
});
