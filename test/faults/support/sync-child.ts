// A process that syncs one Google Drive connection into memory and prints one JSON line per file, so a
// fault test can kill -9 it part way (memory sync has no CLI entry of its own; this is what the
// scheduled sync runs). Env: ATOM_DATA_DIR, DRIVE_TOKEN, CONNECTION_ID, and the Drive API address as an
// admin configures it (ATOM_INTEGRATIONS, ATOM_SSRF_ALLOW; see sourceApiEnv).
import { adapterFor, syncConnection } from '../../../src/memory/sources/index.js';
import { createMemory } from '../../../src/memory/memory.js';
import { createContext, loadConfig, migrateToLatest } from '../../../src/platform/index.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const ctx = createContext(loadConfig({ ...process.env, ATOM_LOG_LEVEL: 'warn' }));
await migrateToLatest(ctx.database);
const memory = await createMemory(ctx);
const id = env('CONNECTION_ID');
const connection =
  (await memory.connections.get('ws-1', id)) ??
  (await memory.connections.create({ id, workspaceId: 'ws-1', kind: 'google_drive', name: 'Drive', ownerUserId: 'u1', accountEmail: 'me@example.com' }));
const token = env('DRIVE_TOKEN');
// A short sync lease: a killed process's lease lapses quickly, and this one waits for that as the
// scheduled sync would (it tries again later).
const options = { concurrency: 2, leaseMs: 2000 };
let report;
for (let attempt = 0; ; attempt++) {
  try {
    report = await syncConnection(memory, connection, adapterFor(memory, connection, async () => token), options, (file, outcome) =>
      console.log(JSON.stringify({ msg: 'file', name: file.name, outcome })),
    );
    break;
  } catch (err) {
    if ((err as { code?: string }).code !== 'memory.source.sync_running' || attempt > 100) throw err;
    await new Promise((r) => setTimeout(r, 250));
  }
}
console.log(JSON.stringify({ msg: 'sync done', report }));
await memory.close();
await ctx.lifecycle.shutdown(ctx.logger);
process.exit(0);
