import { execFile } from 'node:child_process';
import { chmod, copyFile, cp, lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { z } from 'zod';
import type { AtomConfig } from '../config/index.js';
import { AppError } from '../errors/index.js';
import { BACKUP_FILE_NAMES, type BackupManifest } from './backup.js';
import { exists, lanceDirOf, vaultKeyFileOf } from './locations.js';

const run = promisify(execFile);

export interface RestoreOptions {
  /** Replace what is there (the database is emptied; data-dir stores are moved aside, not deleted). */
  force?: boolean;
}

export interface RestoreReport {
  manifest: BackupManifest;
  restored: string[];
  warnings: string[];
}

const fail = (code: string, message: string, cause?: unknown) => new AppError(`platform.restore.${code}`, message, cause ? { cause } : {});

/**
 * The manifest is untrusted input (a backup folder can come from anywhere): each file name becomes a path
 * under the backup and under the data directory, so only the names `atom backup` writes are accepted.
 * `../../etc/x`, an absolute path or a nested one is refused before anything is written.
 */
const manifestSchema = z.looseObject({
  format: z.literal('atom-backup/1'),
  createdAt: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  schema: z.string().nullish(),
  migrations: z.array(z.string()).default([]),
  files: z.array(z.string()),
  vaultKeys: z.enum(['file', 'env', 'none']),
  warnings: z.array(z.string()).default([]),
});

async function readManifest(dir: string): Promise<BackupManifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
  } catch (err) {
    throw fail('no_manifest', `${dir} is not an Atom backup (manifest.json is missing or unreadable).`, err);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== 'atom-backup/1') throw fail('unknown_format', `Unknown backup format ${String(format)}.`);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '(root)';
    throw fail('bad_manifest', `The backup's manifest.json is malformed (at ${where}); nothing was restored.`, parsed.error);
  }
  const manifest = parsed.data as BackupManifest;
  for (const name of manifest.files) {
    if (!BACKUP_FILE_NAMES.includes(name)) {
      throw fail('bad_manifest', `The backup's manifest lists "${name}", which is not a file Atom backs up (${BACKUP_FILE_NAMES.join(', ')}); nothing was restored.`);
    }
    // A store that is a link would copy whatever it points at into the data directory.
    const entry = await lstat(path.join(dir, name)).catch(() => undefined);
    if (!entry || entry.isSymbolicLink()) {
      throw fail('bad_manifest', `The backup's manifest lists "${name}", but the backup holds no such ${entry ? 'file (it is a link)' : 'file'}; nothing was restored.`);
    }
  }
  return manifest;
}

const nonEmptyDir = async (p: string) => (await exists(p)) && (await readdir(p)).length > 0;

/**
 * Puts a backup written by `atom backup` back: into the configured database (SQLite file, or pg_restore
 * into ATOM_DATABASE_URL and the same schema) and data directory (LanceDB, uploads, vault key file).
 * Checks every target first and changes nothing when one is not empty (unless `force`). Run it with
 * Atom stopped; the next `atom serve`/`atom migrate` brings an older backup's schema up to date.
 */
export async function restoreFrom(config: AtomConfig, source: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const dir = path.resolve(source);
  const manifest = await readManifest(dir);
  const dataDir = path.resolve(config.ATOM_DATA_DIR);
  const dialect = config.ATOM_DATABASE_URL ? 'postgres' : 'sqlite';
  const force = options.force === true;
  const warnings = [...(manifest.warnings ?? [])];
  if (manifest.database !== dialect) {
    throw fail('dialect_mismatch', `The backup holds a ${manifest.database} database but this Atom is configured for ${dialect}.`);
  }

  // 1. Every target checked before anything changes.
  const stores = storeTargets(dir, config, dataDir, manifest, warnings);
  if (!force) {
    for (const s of stores) {
      if (s.name === 'vault.key' ? (await exists(s.to)) && !(await sameFile(s.from, s.to)) : await nonEmptyDir(s.to)) {
        throw fail('target_not_empty', `${s.to} already exists; restore into an empty data directory, or pass --force to move it aside.`);
      }
    }
  }
  await mkdir(dataDir, { recursive: true });

  // 2. The database.
  if (dialect === 'sqlite') await restoreSqlite(dir, dataDir, force);
  else await restorePostgres(dir, config, manifest, force);
  const restored = [dialect === 'sqlite' ? 'atom.db' : 'atom.pgdump'];

  // 3. The data-directory stores.
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const s of stores) {
    if (await exists(s.to)) {
      if (s.name === 'vault.key' && (await sameFile(s.from, s.to))) continue;
      await rename(s.to, `${s.to}.before-restore-${stamp}`);
      warnings.push(`moved the existing ${s.to} to ${s.to}.before-restore-${stamp}`);
    }
    await mkdir(path.dirname(s.to), { recursive: true });
    if (s.name === 'vault.key') {
      await copyFile(s.from, s.to);
      await chmod(s.to, 0o600);
    } else {
      await cp(s.from, s.to, { recursive: true, preserveTimestamps: true });
    }
    restored.push(s.name);
  }
  return { manifest, restored, warnings };
}

interface StoreTarget {
  name: string;
  from: string;
  to: string;
}

function storeTargets(dir: string, config: AtomConfig, dataDir: string, manifest: BackupManifest, warnings: string[]): StoreTarget[] {
  const targets: StoreTarget[] = [];
  for (const name of manifest.files) {
    if (name === 'atom.db' || name === 'atom.pgdump') continue;
    const from = path.join(dir, name);
    if (name === 'lancedb') {
      const to = lanceDirOf(config, dataDir);
      if (to) targets.push({ name, from, to });
      else warnings.push(`ATOM_MEMORY_LANCEDB_URI is remote: copy ${name}/ of the backup there with its storage's tools`);
    } else if (name === 'vault.key') {
      targets.push({ name, from, to: vaultKeyFileOf(config, dataDir) });
    } else {
      targets.push({ name, from, to: path.join(dataDir, name) });
    }
  }
  if (manifest.vaultKeys === 'file' && config.ATOM_VAULT_KEYS?.length) {
    warnings.push('ATOM_VAULT_KEYS is set and wins over the restored key file: it must hold the backed-up key');
  }
  return targets;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([readFile(a), readFile(b)]);
  return x.equals(y);
}

async function restoreSqlite(dir: string, dataDir: string, force: boolean): Promise<void> {
  const target = path.join(dataDir, 'atom.db');
  if (await exists(target)) {
    const db = new SQLite(target, { readonly: true });
    const tables = (db.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;
    db.close();
    if (tables > 0 && !force) throw fail('target_not_empty', `${target} already holds a database; restore into an empty data directory, or pass --force.`);
  }
  // Copy under a temporary name, check it, then swap in one rename (a crash leaves the old file or the new).
  const staging = `${target}.restoring`;
  await copyFile(path.join(dir, 'atom.db'), staging);
  const check = new SQLite(staging);
  try {
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw fail('corrupt_backup', `The backed-up SQLite database fails its integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
  await Promise.all(['-wal', '-shm'].map((s) => rm(`${target}${s}`, { force: true })));
  await rename(staging, target);
}

async function restorePostgres(dir: string, config: AtomConfig, manifest: BackupManifest, force: boolean): Promise<void> {
  const url = config.ATOM_DATABASE_URL as string;
  const schema = config.ATOM_DATABASE_SCHEMA;
  if ((manifest.schema ?? undefined) !== schema) {
    throw fail(
      'schema_mismatch',
      `The backup was taken from schema ${manifest.schema ?? 'public'}; set ATOM_DATABASE_SCHEMA=${manifest.schema ?? ''} (pg_restore cannot rename a schema).`,
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from information_schema.tables where table_schema = $1', [schema ?? 'public']);
    const tables = Number(rows[0]?.n ?? 0);
    if (tables > 0 && !force) {
      throw fail('target_not_empty', `Schema ${schema ?? 'public'} already holds ${tables} tables; restore into an empty database, or pass --force.`);
    }
    // The dump creates its schema itself; an empty (or, with --force, a full) one is dropped first.
    if (schema) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
  const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`];
  if (!schema && force) args.push('--clean', '--if-exists');
  try {
    await run('pg_restore', [...args, path.join(dir, 'atom.pgdump')]);
  } catch (err) {
    throw fail('pg_restore_failed', `pg_restore failed: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`, err);
  }
}
