import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { AppContext } from '../context.js';
import { migrationStatus } from '../db/index.js';
import { AppError } from '../errors/index.js';
import { snapshotLance, type PinnedVersions } from './lance-snapshot.js';
import { exists, lanceDirOf, vaultKeyFileOf } from './locations.js';

const run = promisify(execFile);

export interface BackupManifest {
  format: 'atom-backup/1';
  createdAt: string;
  database: 'sqlite' | 'postgres';
  /** PostgreSQL schema the dump was taken from (a restore recreates the same one). */
  schema?: string | undefined;
  migrations: string[];
  files: string[];
  /** LanceDB tables and the version each was copied at. */
  lancedb?: PinnedVersions;
  /** Where the vault keys live: a key file (in the backup) or ATOM_VAULT_KEYS (not in the backup). */
  vaultKeys: 'file' | 'env' | 'none';
  warnings: string[];
}

/** Plain folders of the data directory copied as they are (no concurrent writers change their files). */
export const PLAIN_STORES = ['uploads', 'blobs'] as const;

/** Every name a backup's manifest may list: `atom restore` refuses any other (it becomes a path). */
export const BACKUP_FILE_NAMES: readonly string[] = ['atom.db', 'atom.pgdump', 'lancedb', ...PLAIN_STORES, 'vault.key'];

/**
 * Writes a consistent copy of everything Atom keeps into `target` (empty or absent): the database
 * (SQLite online backup API, or pg_dump), the LanceDB memory store at a pinned version of each table,
 * uploads, and the vault key file, with a manifest. `atom restore` reads it back.
 */
export async function backupTo(ctx: AppContext, target: string): Promise<BackupManifest> {
  const dir = path.resolve(target);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new AppError('platform.backup.target_not_empty', `The backup folder ${dir} is not empty; give a new or empty folder.`);
  }
  const files: string[] = [];
  const warnings: string[] = [];
  if (ctx.database.dialect === 'sqlite' && ctx.database.sqlitePath) {
    const source = new SQLite(ctx.database.sqlitePath, { readonly: true });
    try {
      await source.backup(path.join(dir, 'atom.db'));
    } finally {
      source.close();
    }
    files.push('atom.db');
  } else {
    const url = ctx.config.ATOM_DATABASE_URL ?? '';
    const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(dir, 'atom.pgdump')}`];
    if (ctx.database.schema) args.push(`--schema=${ctx.database.schema}`);
    try {
      await run('pg_dump', [...args, url]);
    } catch (err) {
      throw new AppError('platform.backup.pg_dump_failed', `pg_dump failed: ${(err as Error).message}`, { cause: err });
    }
    files.push('atom.pgdump');
  }

  // After the database, so the memory store holds at least every document the database knows.
  let lancedb: PinnedVersions | undefined;
  const lanceDir = lanceDirOf(ctx.config, ctx.dataDir);
  if (!lanceDir) warnings.push(`the memory store is remote (${ctx.config.ATOM_MEMORY_LANCEDB_URI}); back it up with its storage's own tools`);
  else if (await exists(lanceDir)) {
    const snapshot = await snapshotLance(lanceDir, path.join(dir, 'lancedb'));
    lancedb = snapshot.pinned;
    for (const name of snapshot.copiedAsIs) warnings.push(`LanceDB could not open table ${name}; its folder was copied as it is, not at a pinned version`);
    files.push('lancedb');
  }

  for (const name of PLAIN_STORES) {
    const from = path.join(ctx.dataDir, name);
    if (await exists(from)) {
      await cp(from, path.join(dir, name), { recursive: true, preserveTimestamps: true });
      files.push(name);
    }
  }

  let vaultKeys: BackupManifest['vaultKeys'] = 'none';
  const keyFile = vaultKeyFileOf(ctx.config, ctx.dataDir);
  if (ctx.config.ATOM_VAULT_KEYS?.length) {
    vaultKeys = 'env';
    warnings.push('the vault keys come from ATOM_VAULT_KEYS and are not in this backup: keep them with it, or the restored secrets stay sealed');
  } else if (await exists(keyFile)) {
    await cp(keyFile, path.join(dir, 'vault.key'));
    await chmod(path.join(dir, 'vault.key'), 0o600);
    vaultKeys = 'file';
    files.push('vault.key');
  }

  const manifest: BackupManifest = {
    format: 'atom-backup/1',
    createdAt: new Date().toISOString(),
    database: ctx.database.dialect,
    schema: ctx.database.schema,
    migrations: (await migrationStatus(ctx.database)).filter((m) => m.executedAt).map((m) => m.name),
    files,
    ...(lancedb ? { lancedb } : {}),
    vaultKeys,
    warnings,
  };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}
