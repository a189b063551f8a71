import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import { AppError } from '../errors/index.js';
import type { DatabaseHandle } from './database.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const migrationFile = /^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+\.(ts|js)$/;

/**
 * Finds migrations by file name in one folder, so each domain adds its own timestamped files without
 * touching a shared list. Works from sources (tests) and from the compiled output alike.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(migrationsDir)).filter((f) => migrationFile.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration;
      out[file.replace(/\.(ts|js)$/, '')] = { up: mod.up, ...(mod.down ? { down: mod.down } : {}) };
    }
    return out;
  }
}

function migratorFor(handle: DatabaseHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: new FolderMigrationProvider(),
    // Domains land migrations in parallel; an older-named file that arrives later still runs.
    allowUnorderedMigrations: true,
    ...(handle.schema ? { migrationTableSchema: handle.schema } : {}),
  });
}

/**
 * Brings the schema to the latest version. Safe to call from several processes at once (API replicas and
 * workers starting together): a run that loses the race retries and then finds nothing left to do.
 */
export async function migrateToLatest(handle: DatabaseHandle, attempts = 5): Promise<MigrationResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(handle);
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt + Math.random() * 100));
    }
  }
}

async function migrateOnce(handle: DatabaseHandle): Promise<MigrationResult[]> {
  if (handle.dialect === 'postgres' && handle.schema) {
    await sql`create schema if not exists ${sql.id(handle.schema)}`.execute(handle.db);
  }
  const { error, results } = await migratorFor(handle).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError('platform.db.migration_failed', `Migration ${failed} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return results ?? [];
}

export async function migrationStatus(handle: DatabaseHandle): Promise<{ name: string; executedAt: Date | undefined }[]> {
  const list = await migratorFor(handle).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
