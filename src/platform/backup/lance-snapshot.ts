import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import '../lance-env.js';
import * as lancedb from '@lancedb/lancedb';

/** Table name → the version the backup holds. */
export type PinnedVersions = Record<string, number>;

export interface LanceSnapshot {
  pinned: PinnedVersions;
  /** Tables LanceDB could not open (damaged, or not a table): their folders were copied as they are. */
  copiedAsIs: string[];
}

/**
 * Copies a LanceDB directory at a pinned version of each table, while writers keep going.
 *
 * Lance never changes a committed data file: a version is a manifest listing immutable files. So the
 * backup (1) reads each table's current version and tags it in the source — a tagged version is never
 * removed by cleanup/compaction, so its files stay while they are copied; (2) copies each table's folder;
 * (3) in the copy, checks out the pinned version and restores it as the latest, so versions committed
 * during the copy (possibly half copied) are never what the restored store reads; (4) removes the tags.
 */
export async function snapshotLance(sourceUri: string, targetDir: string): Promise<LanceSnapshot> {
  const tag = `atom-backup-${Date.now()}`;
  const source = await lancedb.connect(sourceUri);
  const pinned: PinnedVersions = {};
  const copiedAsIs: string[] = [];
  try {
    for (const name of await source.tableNames()) {
      const table = await source.openTable(name).catch(() => undefined);
      if (!table) {
        copiedAsIs.push(name);
        continue;
      }
      try {
        pinned[name] = await table.version();
        await (await table.tags()).create(tag, pinned[name]);
      } finally {
        table.close();
      }
    }
    const folders = new Set(await readdir(sourceUri));
    for (const name of [...Object.keys(pinned), ...copiedAsIs]) {
      const folder = `${name}.lance`;
      if (folders.has(folder)) await copyTree(path.join(sourceUri, folder), path.join(targetDir, folder));
    }
    await pinCopy(targetDir, pinned, tag);
  } finally {
    for (const name of Object.keys(pinned)) {
      const table = await source.openTable(name).catch(() => undefined);
      await table?.tags().then((t) => t.delete(tag)).catch(() => undefined);
      table?.close();
    }
    source.close();
  }
  return { pinned, copiedAsIs };
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Copies a folder whose files may vanish while it is copied (a writer's temporary files, versions that
 * cleanup removes): a vanished file is skipped. The pinned version's files cannot vanish (tagged).
 */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.tmp')) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target);
    else await copyFile(source, target).catch((err: unknown) => {
      if (!isMissing(err)) throw err;
    });
  }
}

async function pinCopy(dir: string, pinned: PinnedVersions, tag: string): Promise<void> {
  const copy = await lancedb.connect(dir);
  try {
    for (const [name, version] of Object.entries(pinned)) {
      const table = await copy.openTable(name);
      try {
        if ((await table.version()) !== version) {
          await table.checkout(version);
          await table.restore();
        }
        await (await table.tags()).delete(tag).catch(() => undefined);
      } finally {
        table.close();
      }
    }
  } finally {
    copy.close();
  }
}
