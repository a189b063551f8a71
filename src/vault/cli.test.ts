import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fernetDecrypt, fernetEncrypt, parseFernetKey } from './fernet.js';

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

const keysIn = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

describe('atom vault (CLI)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('generate-key prints a Fernet key', async () => {
    const r = await atom(['vault', 'generate-key'], { ATOM_DATA_DIR: '/nonexistent-never-created' });
    expect(r.code).toBe(0);
    expect(() => parseFernetKey(r.stdout.trim())).not.toThrow();
  }, 120_000);

  it('rotate adds a new key first in the 0600 key file and re-seals stored secrets; --prune drops the old key', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'atom-vault-cli-'));
    dirs.push(dataDir);
    const env = { ATOM_DATA_DIR: dataDir };
    expect((await atom(['migrate'], env)).code).toBe(0);
    const first = await atom(['vault', 'rotate', '--prune'], env); // makes the key file (first start), rotates, prunes: one key
    expect(first.code).toBe(0);
    const file = path.join(dataDir, 'vault.key');
    const [k1] = keysIn(file);
    const db = new SQLite(path.join(dataDir, 'atom.db'));
    db.exec('create table cli_probe (id text primary key, secret_sealed text)');
    const sealed = fernetEncrypt(parseFernetKey(k1!), Buffer.from('probe-secret'));
    db.prepare('insert into cli_probe values (?, ?)').run('p1', sealed);
    db.close();

    const r = await atom(['vault', 'rotate'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cli_probe\.secret_sealed: 1 re-sealed \(found by scan, not registered\)/);
    // The domains' listed columns (src/vault-columns.ts) reach the command without any module registering them.
    for (const listed of ['ai_keys.secret_sealed', 'workflow_secrets.value_sealed', 'integration_connections.credentials_sealed', 'mcp_servers.oauth_sealed']) {
      expect(r.stdout).toContain(`${listed}: 0 re-sealed\n`);
    }
    expect(r.stdout).toContain(`new key added first in ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [k2, old] = keysIn(file);
    expect(old).toBe(k1);
    const after = new SQLite(path.join(dataDir, 'atom.db'), { readonly: true });
    const row = after.prepare('select secret_sealed from cli_probe').get() as { secret_sealed: string };
    after.close();
    expect(row.secret_sealed).not.toBe(sealed);
    expect(fernetDecrypt(parseFernetKey(k2!), row.secret_sealed).toString()).toBe('probe-secret');

    const pruned = await atom(['vault', 'rotate', '--prune'], env);
    expect(pruned.code).toBe(0);
    expect(keysIn(file)).toHaveLength(1);

    // Each rotation was audited in the system chain, which `atom audit verify` checks.
    const verified = await atom(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok {3}system: 3 entries, head [0-9a-f]{64}$/m);
  }, 300_000);
});
