import type { Command } from 'commander';
import { createContext, migrateToLatest, type AtomConfig } from '../platform/index.js';
import { optimizeMemory, verifyMemory } from './maintenance.js';
import { createMemory } from './memory.js';
import { importFolder } from './pipeline/folder-import.js';
import type { IngestProgress } from './pipeline/ingest-job.js';
import { reembedFromPreviousIndex } from './reembed.js';

const line = (p: IngestProgress) =>
  `${p.done}/${p.total} files · ${p.indexed} indexed · ${p.unchanged} unchanged · ${p.failed} failed · ${p.rate.toFixed(1)} files/s${p.etaSeconds !== undefined ? ` · ETA ${p.etaSeconds}s` : ''}${p.currentFile ? ` · ${p.currentFile}` : ''}`;

/** `atom memory import|optimize|reindex|verify`: the memory's maintenance from the command line. */
export function registerMemoryCommands(program: Command, deps: { config: () => AtomConfig; fail: (err: unknown) => never }) {
  const withMemory = async (fn: (memory: Awaited<ReturnType<typeof createMemory>>) => Promise<void>) => {
    const ctx = createContext(deps.config());
    try {
      if (ctx.config.ATOM_MIGRATE_ON_START) await migrateToLatest(ctx.database);
      const memory = await createMemory(ctx);
      try {
        await fn(memory);
      } finally {
        await memory.close();
      }
    } catch (err) {
      deps.fail(err);
    } finally {
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  };

  const memory = program.command('memory').description('the memory: import documents, optimize, re-embed, verify');

  memory
    .command('import')
    .argument('<folder>', 'folder whose files (recursively) are added to the memory')
    .requiredOption('-w, --workspace <id>', 'workspace the documents belong to')
    .option('-c, --concurrency <n>', 'files processed at once', (v) => Number(v))
    .description('import a local folder (re-running it updates changed files and forgets removed ones)')
    .action(async (folder: string, opts: { workspace: string; concurrency?: number }) =>
      withMemory(async (m) => {
        const job = await importFolder(m, opts.workspace, folder, opts.concurrency ? { concurrency: opts.concurrency } : {});
        const tick = setInterval(() => process.stderr.write(`\r${line(job.progress)}`.padEnd(120)), 500);
        const p = await job.done;
        clearInterval(tick);
        process.stderr.write(`\r${line(p)}`.padEnd(120) + '\n');
        for (const f of p.failures) console.log(`skipped ${f.name}: ${f.code} (${f.reason})`);
        console.log(`imported ${p.indexed} new or changed, ${p.unchanged} unchanged, ${p.failed} skipped, ${p.chunks} passages`);
        if (p.status === 'failed') throw new Error(p.error);
      }),
    );

  memory
    .command('optimize')
    .description('compact the store, build/update indexes, prune old versions, remove orphan passages')
    .action(async () =>
      withMemory(async (m) => {
        const r = await optimizeMemory(m);
        console.log(`compacted ${r.compactedFragments} fragments, pruned ${r.prunedBytes} bytes, removed ${r.orphansRemoved} orphan documents`);
      }),
    );

  memory
    .command('reindex')
    .description('finish re-embedding after a model change, then rebuild the indexes')
    .action(async () =>
      withMemory(async (m) => {
        const r = await reembedFromPreviousIndex(m, (n) => process.stderr.write(`\r${n} documents re-embedded`));
        if (r.documents) process.stderr.write('\n');
        await m.index.table.ensureIndexes();
        console.log(`re-embedded ${r.documents} documents (${r.passages} passages) with ${m.index.embedder.id}; indexes up to date`);
      }),
    );

  memory
    .command('verify')
    .description('check that the database and the store agree (passage counts, orphans)')
    .action(async () =>
      withMemory(async (m) => {
        const r = await verifyMemory(m);
        for (const x of r.mismatched.slice(0, 50)) console.log(`mismatch ${x.id}: ${x.expected} passages recorded, ${x.stored} stored`);
        console.log(`${r.documents} documents checked, ${r.mismatched.length} mismatched, ${r.orphanDocuments} orphan documents in the store`);
        if (r.mismatched.length || r.orphanDocuments) process.exitCode = 1;
      }),
    );
}
