import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { generateFernetKey } from './fernet.js';
import { createVault, forgetKeyring, rotateVault, type SealedColumn } from './index.js';

// Stand-ins for domains' lists: one migrated table, one a domain lists but this database lacks.
const listed: SealedColumn[] = [
  { table: 'rot_registered', column: 'secret_sealed' },
  { table: 'rot_not_migrated_here', column: 'x' },
];
const immutableTables = ['rot_immutable'];

const keyLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

describe.each(dialects)('vault rotation on %s', (dialect) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  async function seed(ctx: TestContext['ctx'], count: number) {
    // Two tables standing in for domains: one registered, one not (found by the scan), one immutable.
    await sql`create table rot_registered (id text primary key, secret_sealed text, note text)`.execute(ctx.db);
    await sql`create table rot_unregistered (k text, payload text)`.execute(ctx.db);
    await sql`create table rot_immutable (k text, payload text)`.execute(ctx.db);
    const vault = createVault(ctx);
    const secrets = Array.from({ length: count }, (_, i) => `secret-${dialect}-${i}-${Math.random()}`);
    for (const [i, s] of secrets.entries()) {
      await sql`insert into rot_registered (id, secret_sealed, note) values (${`r${i}`}, ${vault.seal(s)}, ${'plain note'})`.execute(ctx.db);
    }
    await sql`insert into rot_registered (id, secret_sealed, note) values ('null-row', ${null}, 'x')`.execute(ctx.db);
    await sql`insert into rot_unregistered (k, payload) values ('a', ${vault.sealJson({ token: 'json-secret' })})`.execute(ctx.db);
    const immutableValue = vault.seal('audit-like');
    await sql`insert into rot_immutable (k, payload) values ('a', ${immutableValue})`.execute(ctx.db);
    return { secrets, immutableValue };
  }

  it('re-seals every secret under a new key, keeps them readable, and prunes old keys on request', async () => {
    t = await createTestContext(dialect);
    const { secrets, immutableValue } = await seed(t.ctx, 25);
    const file = path.join(t.dataDir, 'vault.key');
    const [firstKey] = keyLines(file);

    const report = await rotateVault(t.ctx, listed, { batchSize: 7, immutableTables });
    expect(report.generatedKey).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = keyLines(file);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(firstKey);
    expect(report.columns).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'rot_registered', column: 'secret_sealed', registered: true, rewritten: 25, unreadable: 0 }),
        expect.objectContaining({ table: 'rot_unregistered', column: 'payload', registered: false, rewritten: 1 }),
      ]),
    );
    expect(report.columns.find((c) => c.table === 'rot_immutable')).toBeUndefined();

    // Every value now opens with the NEW key alone.
    const onlyNewest = { ...t.ctx, config: { ...t.ctx.config, ATOM_VAULT_KEYS: [lines[0]!] } };
    const newest = createVault(onlyNewest);
    const rows = await sql<{ id: string; secret_sealed: string }>`select id, secret_sealed from rot_registered where secret_sealed is not null order by id`.execute(t.ctx.db);
    const opened = rows.rows.map((r) => newest.open(r.secret_sealed)).sort();
    expect(opened).toEqual([...secrets].sort());
    const json = await sql<{ payload: string }>`select payload from rot_unregistered`.execute(t.ctx.db);
    expect(newest.openJson(json.rows[0]!.payload)).toEqual({ token: 'json-secret' });
    const imm = await sql<{ payload: string }>`select payload from rot_immutable`.execute(t.ctx.db);
    expect(imm.rows[0]!.payload).toBe(immutableValue);
    const nullRow = await sql<{ secret_sealed: string | null }>`select secret_sealed from rot_registered where id = 'null-row'`.execute(t.ctx.db);
    expect(nullRow.rows[0]!.secret_sealed).toBeNull();

    // Running it again without a new key rewrites nothing.
    const again = await rotateVault(t.ctx, listed, { generateKey: false, immutableTables });
    expect(again.rewritten).toBe(0);

    // Prune: the old key goes; everything stays readable through the normal vault.
    const pruned = await rotateVault(t.ctx, listed, { generateKey: false, prune: true, immutableTables });
    expect(pruned.prunedKeys).toBe(1);
    expect(keyLines(file)).toEqual([lines[0]]);
    forgetKeyring(t.ctx);
    const vault = createVault(t.ctx);
    expect(rows.rows.map((r) => vault.open(r.secret_sealed)).sort()).toEqual([...secrets].sort());
  });

  it('with ATOM_VAULT_KEYS, re-seals under the first configured key and writes no file', async () => {
    const older = generateFernetKey();
    t = await createTestContext(dialect, { ATOM_VAULT_KEYS: older });
    const { secrets } = await seed(t.ctx, 3);
    const newer = generateFernetKey();
    const rotated = { ...t.ctx, config: { ...t.ctx.config, ATOM_VAULT_KEYS: [newer, older] } };
    const report = await rotateVault(rotated, listed, { immutableTables });
    expect(report).toMatchObject({ keySource: 'env', generatedKey: false, keyFile: undefined });
    const onlyNewer = createVault({ ...t.ctx, config: { ...t.ctx.config, ATOM_VAULT_KEYS: [newer] } });
    const rows = await sql<{ secret_sealed: string }>`select secret_sealed from rot_registered where secret_sealed is not null`.execute(t.ctx.db);
    expect(rows.rows.map((r) => onlyNewer.open(r.secret_sealed)).sort()).toEqual([...secrets].sort());
  });

  it('leaves values no key opens untouched, counts them, and refuses to prune', async () => {
    t = await createTestContext(dialect);
    await seed(t.ctx, 1);
    const foreignCtx = { ...t.ctx, config: { ...t.ctx.config, ATOM_VAULT_KEYS: [generateFernetKey()] } };
    const foreign = createVault(foreignCtx).seal('not ours');
    await sql`insert into rot_registered (id, secret_sealed, note) values ('foreign', ${foreign}, 'x')`.execute(t.ctx.db);
    const report = await rotateVault(t.ctx, listed, { prune: true, immutableTables });
    expect(report.unreadable).toBe(1);
    expect(report.prunedKeys).toBe(0);
    const row = await sql<{ secret_sealed: string }>`select secret_sealed from rot_registered where id = 'foreign'`.execute(t.ctx.db);
    expect(row.rows[0]!.secret_sealed).toBe(foreign);
  });
});

describe('vault rotation and the audit trail', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('is itself audited, and never rewrites audit rows even when one holds a token-shaped value', async () => {
    t = await createTestContext('sqlite');
    const { recordAudit, verifyChain } = await import('../audit/index.js');
    const sealed = createVault(t.ctx).seal('should never be in an audit row');
    await recordAudit(t.ctx.db, { workspaceId: 'ws-v', actorId: null, actorType: 'system', action: 'test.sealed_in_details', outcome: 'success', details: { note: sealed } });
    await rotateVault(t.ctx, []);
    expect(await verifyChain(t.ctx.db, 'ws-v')).toMatchObject({ ok: true, checked: 1 });
    const rotated = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'vault.keys_rotated').execute();
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).toMatchObject({ workspace_id: null, actor_type: 'system', outcome: 'success' });
    expect(await verifyChain(t.ctx.db, '_system')).toMatchObject({ ok: true });
  });
});
