import { sql } from 'kysely';
import { auditTables, recordAudit } from '../audit/index.js';
import type { AppContext } from '../platform/index.js';
import { generateFernetKey, looksLikeFernetToken } from './fernet.js';
import { loadKeyring, readKeyFileTexts, writeKeyFile } from './keyring.js';
import { assertSealedColumn, textColumns, type SealedColumn } from './sealed-columns.js';
import { createVault, forgetKeyring } from './vault.js';

export interface ColumnRotation extends SealedColumn {
  /** False when found by scanning rather than registered by its domain. */
  registered: boolean;
  rewritten: number;
  /** Token-shaped values no configured key opens (left untouched). */
  unreadable: number;
}

export interface RotationReport {
  keySource: 'env' | 'file';
  /** A new key was generated and put first in the key file. */
  generatedKey: boolean;
  keyFile: string | undefined;
  columns: ColumnRotation[];
  rewritten: number;
  unreadable: number;
  /** Older keys removed from the key file after every value was re-sealed (`prune`). */
  prunedKeys: number;
}

export interface RotateOptions {
  /** File mode: add a new newest key first (default true). With ATOM_VAULT_KEYS, put the new key first there yourself. */
  generateKey?: boolean;
  /** File mode: after re-sealing everything, drop the older keys (refused when some value stayed unreadable). */
  prune?: boolean;
  batchSize?: number;
  /** Tables never rewritten besides the audit tables (tests stand in for them). */
  immutableTables?: readonly string[];
}

const TOKEN_PREFIX = 'gAAAAA%';

/**
 * `atom vault rotate`: makes the newest key the one every stored secret is sealed with. The new key is
 * written to the key file BEFORE any value is rewritten and old keys stay, so a crash half-way leaves
 * every secret readable; re-running finishes the job (values already under the newest key are skipped).
 * Each value is replaced only if it still holds what was read (`where col = old`), so a concurrent write
 * by a running server wins.
 */
export async function rotateVault(ctx: AppContext, registered: readonly SealedColumn[], options: RotateOptions = {}): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  registered.forEach(assertSealedColumn);
  // Rewriting a hash-chained audit row would read as tampering; those tables are never touched.
  const immutable = new Set<string>([...auditTables, ...(options.immutableTables ?? [])]);
  const ring = loadKeyring(ctx);
  let generatedKey = false;
  if (ring.source === 'file' && ring.file && options.generateKey !== false) {
    writeKeyFile(ring.file, [generateFernetKey(), ...readKeyFileTexts(ring.file)]);
    generatedKey = true;
  }
  forgetKeyring(ctx);
  const vault = createVault(ctx);

  const isRegistered = (c: SealedColumn) => registered.some((r) => r.table === c.table && r.column === c.column);
  const discovered = (await textColumns(ctx.db, ctx.database.dialect)).filter((c) => !isRegistered(c));
  const existing = new Set((await textColumns(ctx.db, ctx.database.dialect)).map((c) => `${c.table}.${c.column}`));

  const columns: ColumnRotation[] = [];
  for (const [column, isReg] of [...registered.map((c) => [c, true] as const), ...discovered.map((c) => [c, false] as const)]) {
    if (!existing.has(`${column.table}.${column.column}`)) continue; // domain registered, table not migrated here
    if (immutable.has(column.table)) continue;
    const result = await rotateColumn(ctx, vault, column, batchSize);
    if (isReg || result.rewritten > 0 || result.unreadable > 0) columns.push({ ...column, registered: isReg, ...result });
    if (!isReg && result.rewritten > 0) {
      ctx.logger.warn({ table: column.table, column: column.column }, 'Re-sealed vault values in a column no domain registered');
    }
  }
  const rewritten = columns.reduce((n, c) => n + c.rewritten, 0);
  const unreadable = columns.reduce((n, c) => n + c.unreadable, 0);

  let prunedKeys = 0;
  if (options.prune && ring.source === 'file' && ring.file && unreadable === 0) {
    const texts = readKeyFileTexts(ring.file);
    prunedKeys = texts.length - 1;
    if (prunedKeys > 0) writeKeyFile(ring.file, texts.slice(0, 1));
    forgetKeyring(ctx);
  }
  ctx.logger.info({ rewritten, unreadable, generatedKey, prunedKeys }, 'vault rotation finished');
  await recordAudit(ctx.db, {
    workspaceId: null,
    actorId: null,
    actorType: 'system',
    action: 'vault.keys_rotated',
    outcome: unreadable === 0 ? 'success' : 'failure',
    details: { keySource: ring.source, generatedKey, rewritten, unreadable, prunedKeys, columns: columns.map((c) => `${c.table}.${c.column}`) },
  });
  return { keySource: ring.source, generatedKey, keyFile: ring.file, columns, rewritten, unreadable, prunedKeys };
}

async function rotateColumn(
  ctx: AppContext,
  vault: ReturnType<typeof createVault>,
  { table, column }: SealedColumn,
  batchSize: number,
): Promise<{ rewritten: number; unreadable: number }> {
  let rewritten = 0;
  let unreadable = 0;
  let after = '';
  for (;;) {
    // Keyset over the values themselves: tables need no particular id column.
    const batch = await sql<{ v: string }>`
      select distinct ${sql.ref(column)} as v from ${sql.table(table)}
      where ${sql.ref(column)} like ${TOKEN_PREFIX} and ${sql.ref(column)} > ${after}
      order by v limit ${batchSize}`.execute(ctx.db);
    if (batch.rows.length === 0) break;
    for (const { v } of batch.rows) {
      if (!looksLikeFernetToken(v)) continue;
      let next: string | undefined;
      try {
        next = vault.reseal(v);
      } catch {
        unreadable++;
        continue;
      }
      if (next === undefined) continue;
      const r = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${next} where ${sql.ref(column)} = ${v}`.execute(ctx.db);
      rewritten += Number(r.numAffectedRows ?? 0n);
    }
    after = batch.rows[batch.rows.length - 1]!.v;
  }
  return { rewritten, unreadable };
}
