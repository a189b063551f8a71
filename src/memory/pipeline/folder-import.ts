import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { newId } from '../../platform/index.js';
import type { Memory } from '../memory.js';
import { everyone } from '../principals.js';
import type { MemoryConnection } from '../tables.js';
import type { IncomingFile } from './ingest-file.js';
import { startIngestJob, type IngestJob } from './ingest-job.js';

/** Every regular file under a folder, depth first, skipping hidden entries; symbolic links are not followed. */
async function* walk(root: string, dir = root): AsyncGenerator<{ full: string; relative: string; size: number; mtimeMs: number }> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(root, full);
    else if (e.isFile()) {
      const s = await stat(full);
      yield { full, relative: path.relative(root, full).split(path.sep).join('/'), size: s.size, mtimeMs: s.mtimeMs };
    }
  }
}

/** The folder source of a workspace for one absolute path (re-importing the same folder updates it). */
export async function folderConnection(memory: Memory, workspaceId: string, folder: string): Promise<MemoryConnection> {
  const abs = path.resolve(folder);
  const id = `mcon_folder_${createHash('sha256').update(`${workspaceId}\u0000${abs}`).digest('hex').slice(0, 24)}`;
  return (await memory.connections.get(workspaceId, id)) ?? memory.connections.create({ id, workspaceId, kind: 'folder', name: abs, settings: { path: abs } });
}

/**
 * Imports a local folder: files are read lazily as workers free up, unchanged files (same size and
 * modification time) are skipped, and files that disappeared since the last import are forgotten.
 */
export async function importFolder(memory: Memory, workspaceId: string, folder: string, options: { concurrency?: number } = {}): Promise<IngestJob> {
  const connection = await folderConnection(memory, workspaceId, folder);
  const root = path.resolve(folder);
  const runId = newId('run');
  let total = 0;
  for await (const _ of walk(root)) total++;
  const files = (async function* (): AsyncGenerator<IncomingFile> {
    for await (const f of walk(root)) {
      yield {
        connection,
        externalId: f.relative,
        name: path.basename(f.relative),
        path: f.relative,
        url: `file://${f.full}`,
        modifiedAt: new Date(f.mtimeMs).toISOString(),
        revision: `${f.size}:${Math.floor(f.mtimeMs)}`,
        sizeBytes: f.size,
        principals: [everyone],
        syncRunId: runId,
        load: () => readFile(f.full),
      };
    }
  })();
  const job = startIngestJob(memory, { workspaceId, label: `Import of ${root}`, files, total, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  const done = job.done.then(async (progress) => {
    if (progress.status === 'finished') {
      const gone = await memory.documents.notSeenBy(connection.id, runId);
      await memory.deleteDocuments(gone.map((d) => d.id));
    }
    return progress;
  });
  return { progress: job.progress, done };
}
