import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/support/context.js';
import { fernetDecrypt, fernetEncrypt, generateFernetKey, parseFernetKey } from './fernet.js';
import { createVault } from './index.js';

const exec = promisify(execFile);

describe('vault', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('generates a 0600 key file on first use, warns to back it up, and reuses it', async () => {
    t = await createTestContext('sqlite', {}, { migrate: false });
    const vault = createVault(t.ctx);
    const file = path.join(t.dataDir, 'vault.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const warning = t.logs.entries().find((e) => String(e['msg']).includes('BACK IT UP'));
    expect(warning).toMatchObject({ level: 40, file });
    const keyLine = readFileSync(file, 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!;
    expect(t.logs.text).not.toContain(keyLine);

    const sealed = vault.seal('hunter2');
    expect(sealed).not.toContain('hunter2');
    // A second vault (another domain) shares the key; the key file is not rewritten.
    expect(createVault(t.ctx).open(sealed)).toBe('hunter2');
    // And the key is a plain Fernet key: what Python's Fernet(key).decrypt(token) would open.
    expect(fernetEncrypt(parseFernetKey(keyLine), Buffer.from('x'))).toMatch(/^gAAAAA/);
  });

  it('gives processes starting at once the same key file (no half-written or competing keys)', async () => {
    t = await createTestContext('sqlite', {}, { migrate: false });
    const fixture = fileURLToPath(new URL('./fixtures/first-start.ts', import.meta.url));
    const shared = path.join(t.dataDir, 'shared');
    const starts = await Promise.all(
      Array.from({ length: 4 }, () => exec(process.execPath, ['--import', 'tsx', fixture, shared], { timeout: 60_000 })),
    );
    const keys = new Set(starts.map((s) => s.stdout.trim()));
    expect(keys.size).toBe(1);
    const [key] = [...keys];
    expect(readFileSync(path.join(shared, 'vault.key'), 'utf8')).toContain(key);
    expect(statSync(path.join(shared, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(shared)).toEqual(['vault.key']);
  }, 90_000);

  it('seals JSON and opens it typed', async () => {
    t = await createTestContext('sqlite', {}, { migrate: false });
    const vault = createVault(t.ctx);
    const sealed = vault.sealJson({ accessToken: 'at-1', n: 2 });
    expect(vault.isSealed(sealed)).toBe(true);
    expect(vault.isSealed('plain text')).toBe(false);
    expect(vault.openJson<{ accessToken: string; n: number }>(sealed)).toEqual({ accessToken: 'at-1', n: 2 });
  });

  it('with ATOM_VAULT_KEYS: the newest seals, any key opens, no key file is written', async () => {
    const older = generateFernetKey();
    const newer = generateFernetKey();
    t = await createTestContext('sqlite', { ATOM_VAULT_KEYS: older }, { migrate: false });
    const sealedWithOld = createVault(t.ctx).seal('old secret');
    await t.cleanup();
    t = await createTestContext('sqlite', { ATOM_VAULT_KEYS: `${newer}, ${older}` }, { migrate: false });
    const vault = createVault(t.ctx);
    expect(vault.keyCount).toBe(2);
    expect(vault.open(sealedWithOld)).toBe('old secret');
    const sealedNew = vault.seal('new secret');
    expect(() => createVault({ ...t!.ctx, config: { ...t!.ctx.config, ATOM_VAULT_KEYS: [older] } }).open(sealedNew)).toThrow(
      expect.objectContaining({ code: 'vault.open_failed' }),
    );
    expect(vault.reseal(sealedWithOld)).toMatch(/^gAAAAA/);
    expect(vault.reseal(sealedNew)).toBeUndefined();
    expect(() => statSync(path.join(t!.dataDir, 'vault.key'))).toThrow();
  });

  it('opens tokens written by Python cryptography.fernet (spec vector key)', async () => {
    const secret = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
    t = await createTestContext('sqlite', { ATOM_VAULT_KEYS: secret }, { migrate: false });
    const token = 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
    expect(createVault(t.ctx).open(token)).toBe('hello');
  });

  it('refuses a malformed key at start, naming which one', async () => {
    t = await createTestContext('sqlite', { ATOM_VAULT_KEYS: `${generateFernetKey()},not-a-key` }, { migrate: false });
    expect(() => createVault(t!.ctx)).toThrow(/Vault key #2 in ATOM_VAULT_KEYS/);
  });

  it('refuses garbage and values sealed under unknown keys with vault.open_failed', async () => {
    t = await createTestContext('sqlite', {}, { migrate: false });
    const vault = createVault(t.ctx);
    expect(() => vault.open('not sealed')).toThrow(expect.objectContaining({ code: 'vault.open_failed' }));
    const foreign = fernetEncrypt(parseFernetKey(generateFernetKey()), Buffer.from('x'));
    expect(() => vault.open(foreign)).toThrow(expect.objectContaining({ code: 'vault.open_failed' }));
  });

  it('seals with the new key as soon as another process rotated the key file', async () => {
    t = await createTestContext('sqlite', {}, { migrate: false });
    const vault = createVault(t.ctx);
    vault.seal('warm up');
    const file = path.join(t.dataDir, 'vault.key');
    const old = readFileSync(file, 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!;
    const fresh = generateFernetKey();
    writeFileSync(file, `${fresh}\n${old}\n`, { mode: 0o600 });
    const sealed = vault.seal('after rotation');
    expect(fernetDecrypt(parseFernetKey(fresh), sealed).toString()).toBe('after rotation');
  });

  it('notices a key file rotated by another process and re-reads it', async () => {
    t = await createTestContext('sqlite', {}, { migrate: false });
    const vault = createVault(t.ctx);
    const file = path.join(t.dataDir, 'vault.key');
    const old = readFileSync(file, 'utf8').split('\n').find((l) => l && !l.startsWith('#'))!;
    const fresh = generateFernetKey();
    writeFileSync(file, `${fresh}\n${old}\n`, { mode: 0o600 });
    const sealedElsewhere = fernetEncrypt(parseFernetKey(fresh), Buffer.from('rotated elsewhere'));
    expect(vault.open(sealedElsewhere)).toBe('rotated elsewhere');
  });
});

describe('vault and the Python Atom', () => {
  const fixture = JSON.parse(readFileSync(new URL('./python-fernet-fixture.json', import.meta.url), 'utf8')) as {
    oldKey: string;
    newKey: string;
    tokens: { desc: string; plaintext: string; token: string }[];
    rotatedByMultiFernet: { plaintext: string; token: string };
  };
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('opens every value Python cryptography.fernet sealed, and MultiFernet rotations', async () => {
    t = await createTestContext('sqlite', { ATOM_VAULT_KEYS: `${fixture.newKey},${fixture.oldKey}` }, { migrate: false });
    const vault = createVault(t.ctx);
    for (const item of fixture.tokens) expect(vault.open(item.token), item.desc).toBe(item.plaintext);
    expect(vault.open(fixture.rotatedByMultiFernet.token)).toBe(fixture.rotatedByMultiFernet.plaintext);
    expect(vault.openJson<{ refresh_token: string }>(fixture.tokens[2]!.token).refresh_token).toBe('1//0g-refresh');
    // Re-sealing a Python value moves it to the newest key.
    const resealed = vault.reseal(fixture.tokens[0]!.token)!;
    const onlyNew = createVault({ ...t.ctx, config: { ...t.ctx.config, ATOM_VAULT_KEYS: [fixture.newKey] } });
    expect(onlyNew.open(resealed)).toBe(fixture.tokens[0]!.plaintext);
  });
});
