import { execFile } from 'node:child_process';
import { cp, mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import type { AppContext } from '../context.js';
import { migrationStatus } from '../db/index.js';
import { AppError } from '../errors/index.js';

const run = promisify(execFile);

export interface BackupManifest {
  format: 'atom-backup/1';
  createdAt: string;
  database: 'sqlite' | 'postgres';
  migrations: string[];
  files: string[];
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * Writes a consistent copy of everything Atom keeps into `target`: the database (SQLite online backup
 * API, or pg_dump), the data directory's other stores (LanceDB, uploads) and the vault key file,
 * with a manifest. `target` must be empty or not exist.
 */
export async function backupTo(ctx: AppContext, target: string): Promise<BackupManifest> {
  const dir = path.resolve(target);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
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
    const args = ['--format=custom', '--no-owner', `--file=${path.join(dir, 'atom.pgdump')}`];
    if (ctx.database.schema) args.push(`--schema=${ctx.database.schema}`);
    try {
      await run('pg_dump', [...args, url]);
    } catch (err) {
      throw new AppError('platform.backup.pg_dump_failed', `pg_dump failed: ${(err as Error).message}`, { cause: err });
    }
    files.push('atom.pgdump');
  }
  // Other stores under the data directory (LanceDB tables, uploads, vault key), copied as they are.
  for (const name of ['lancedb', 'uploads', 'vault.key', 'blobs']) {
    const from = path.join(ctx.dataDir, name);
    if (await exists(from)) {
      await cp(from, path.join(dir, name), { recursive: true, preserveTimestamps: true });
      files.push(name);
    }
  }
  const manifest: BackupManifest = {
    format: 'atom-backup/1',
    createdAt: new Date().toISOString(),
    database: ctx.database.dialect,
    migrations: (await migrationStatus(ctx.database)).filter((m) => m.executedAt).map((m) => m.name),
    files,
  };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
