import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { registerAuthCommands } from '../auth/cli.js';
import { registerMemoryCommands } from '../memory/cli.js';
import { ConfigError, createContext, isAppError, loadConfig, migrateToLatest, type AtomConfig } from '../platform/index.js';

// Commands import what they need when they run: `atom doctor` or `atom migrate` must not pay for loading
// every domain (LanceDB, model SDKs, ...) that `atom serve` needs.
const server = () => import('../server.js');
const backup = () => import('../platform/backup/index.js');
const vault = () => import('../vault/index.js');

/** Configuration errors and expected failures end with one plain line, not a stack trace. */
function fail(err: unknown): never {
  if (err instanceof ConfigError) console.error(err.message);
  else if (isAppError(err)) console.error(`atom: ${err.message}`);
  else console.error(err);
  process.exit(1);
}

function config(): AtomConfig {
  try {
    return loadConfig();
  } catch (err) {
    fail(err);
  }
}

const program = new Command()
  .name('atom')
  .description('Atom: self-hosted AI automation assistant')
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('serve the API and the web app (migrates first)')
  .action(async () => {
    try {
      const { exitOnSignal, startServer } = await server();
      const running = await startServer(config());
      exitOnSignal(running);
    } catch (err) {
      fail(err);
    }
  });

program
  .command('worker')
  .description('consume the job queue (queue mode: needs ATOM_REDIS_URL)')
  .action(async () => {
    try {
      const { exitOnSignal } = await server();
      const { startWorker } = await import('../worker.js');
      const worker = await startWorker(config());
      exitOnSignal(worker);
    } catch (err) {
      fail(err);
    }
  });

program
  .command('migrate')
  .description('bring the database schema to the latest version')
  .action(async () => {
    const ctx = createContext(config());
    try {
      const results = await migrateToLatest(ctx.database);
      console.log(results.length ? results.map((r) => `applied ${r.migrationName}`).join('\n') : 'database is up to date');
    } catch (err) {
      fail(err);
    } finally {
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  });

program
  .command('doctor')
  .description('check configuration, database, data directory, LanceDB and Redis')
  .action(async () => {
    const { runDoctor } = await import('./doctor.js');
    const findings = await runDoctor();
    for (const f of findings) console.log(`${f.ok ? 'ok  ' : 'FAIL'} ${f.name}: ${f.message}`);
    process.exitCode = findings.every((f) => f.ok) ? 0 : 1;
  });

program
  .command('backup')
  .argument('<dir>', 'folder to write the backup into')
  .description('write a consistent backup of the database, memory store and vault key')
  .action(async (dir: string) => {
    const ctx = createContext(config());
    try {
      const { backupTo } = await backup();
      const manifest = await backupTo(ctx, dir);
      console.log(`backup written to ${dir}: ${manifest.files.join(', ')}`);
      for (const w of manifest.warnings) console.log(`note: ${w}`);
    } catch (err) {
      fail(err);
    } finally {
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  });

program
  .command('restore')
  .argument('<dir>', 'folder written by `atom backup`')
  .option('--force', 'replace an existing database and move existing data-directory stores aside')
  .description('restore a backup into the configured database and data directory (with Atom stopped)')
  .action(async (dir: string, opts: { force?: boolean }) => {
    try {
      const { restoreFrom } = await backup();
      const report = await restoreFrom(config(), dir, { force: opts.force === true });
      console.log(`restored from ${dir}: ${report.restored.join(', ')} (backup of ${report.manifest.createdAt})`);
      for (const w of report.warnings) console.log(`note: ${w}`);
      console.log('next: start Atom (or run `atom migrate`) to bring the schema up to this version');
    } catch (err) {
      fail(err);
    }
  });

const vaultCommand = program.command('vault').description('manage the vault keys that seal stored secrets');

vaultCommand
  .command('rotate')
  .description('add a new vault key (key file mode) and re-seal every stored secret with it')
  .option('--prune', 'after re-sealing everything, remove the older keys from the key file (best as a later, separate run)')
  .action(async (opts: { prune?: boolean }) => {
    const ctx = createContext(config());
    try {
      const { sealedColumns } = await import('../vault-columns.js');
      const { rotateVault } = await vault();
      const report = await rotateVault(ctx, sealedColumns, { prune: opts.prune === true });
      for (const c of report.columns) {
        console.log(`${c.table}.${c.column}: ${c.rewritten} re-sealed${c.unreadable ? `, ${c.unreadable} unreadable` : ''}${c.registered ? '' : ' (found by scan, not registered)'}`);
      }
      if (report.generatedKey) console.log(`new key added first in ${report.keyFile}; back the file up again`);
      if (report.keySource === 'env') console.log('keys come from ATOM_VAULT_KEYS: everything is now sealed with its first key; older keys can be removed from it');
      if (report.prunedKeys) console.log(`removed ${report.prunedKeys} older key(s)`);
      if (report.unreadable) {
        console.error(`${report.unreadable} value(s) could not be opened with any configured key and were left as they were`);
        process.exitCode = 1;
      }
    } catch (err) {
      fail(err);
    } finally {
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  });

const auditCommand = program.command('audit').description('audit trail maintenance');

auditCommand
  .command('verify')
  .description('verify the hash chain of every workspace; exits 1 when one is broken (for cron or monitoring)')
  .action(async () => {
    const ctx = createContext(config());
    try {
      const { verifyAllChains } = await import('../audit/index.js');
      const results = await verifyAllChains(ctx.db);
      for (const { chain, report } of results) {
        const where = chain === '_system' ? 'system' : `workspace ${chain}`;
        console.log(report.ok ? `ok   ${where}: ${report.checked} entries, head ${report.headHash ?? '-'}` : `FAIL ${where}: ${report.firstBroken?.message ?? 'broken'}`);
      }
      if (results.length === 0) console.log('no audit entries yet');
      process.exitCode = results.every((r) => r.report.ok) ? 0 : 1;
    } catch (err) {
      fail(err);
    } finally {
      await ctx.lifecycle.shutdown(ctx.logger);
    }
  });

auditCommand
  .command('verify-export')
  .argument('<file>', 'a JSON-lines export from GET /api/audit/export?format=jsonl')
  .description('check an export without the database: every entry\'s hash, and the links between consecutive entries')
  .action(async (file: string) => {
    try {
      const { verifyExport } = await import('../audit/index.js');
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      const r = await verifyExport(lines);
      if (r.ok) console.log(`ok: ${r.entries} entries (#${r.firstSeq ?? '-'} to #${r.lastSeq ?? '-'}), ${r.gaps} gap(s), last hash ${r.lastHash ?? '-'}`);
      if (r.firstAltered) console.log(`FAIL: entry #${r.firstAltered.seq} (line ${r.firstAltered.line}) does not match its hash`);
      if (r.firstUnlinked) console.log(`FAIL: entry #${r.firstUnlinked.seq} (line ${r.firstUnlinked.line}) does not link to the entry before it`);
      process.exitCode = r.ok ? 0 : 1;
    } catch (err) {
      fail(err);
    }
  });

vaultCommand
  .command('generate-key')
  .description('print a new random vault key (for ATOM_VAULT_KEYS)')
  .action(async () => {
    const { generateFernetKey } = await vault();
    console.log(generateFernetKey());
  });

registerMemoryCommands(program, { config, fail });
registerAuthCommands(program, { config, fail });

await program.parseAsync(process.argv);
