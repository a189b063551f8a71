import closeWithGrace from 'close-with-grace';
import { buildApp, type AtomApp, type BuildAppOptions } from './app.js';
import { createMemory } from './memory/index.js';
import { processDeps, startModuleWorkers } from './modules.js';
import { createContext, migrateToLatest, type AppContext, type AtomConfig } from './platform/index.js';

export interface RunningServer {
  app: AtomApp;
  ctx: AppContext;
  url: string;
  /** Stops taking requests, lets in-flight ones finish, drains background work, closes connections. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra route plugins (tests add probe routes here). */
  extraPlugins?: BuildAppOptions['extraPlugins'];
  ctx?: AppContext;
}

export async function startServer(config: AtomConfig, options: StartOptions = {}): Promise<RunningServer> {
  const ctx = options.ctx ?? createContext(config);
  if (config.ATOM_MIGRATE_ON_START) {
    const applied = await migrateToLatest(ctx.database);
    if (applied.length > 0) ctx.logger.info({ migrations: applied.map((m) => m.migrationName) }, 'database migrated');
  }
  // One Memory (one LanceDB connection) for the API and the workers; registered first, so it closes last.
  const memory = await createMemory(ctx);
  ctx.lifecycle.onShutdown('memory', () => memory.close());
  // The serving process runs the memory's own background work (optimize, re-embed).
  const app = await buildApp(ctx, { extraPlugins: options.extraPlugins ?? [], memory: { memory, background: true } });
  // Background work only through the module list, in its order, as `atom worker` starts it. Embedded mode
  // (no Redis): this process also executes the jobs (workflow runs, memory syncs), so every module's workers;
  // queue mode: `atom worker` consumes the queues, and this process starts only the workers meant for every
  // process (notification sweeps and digests).
  const workers = await startModuleWorkers(ctx, processDeps(ctx, memory), { executesJobs: !config.ATOM_REDIS_URL });
  // The HTTP server closes first (registered last, run first), so no new work starts while the rest drains.
  ctx.lifecycle.onShutdown('http', async () => {
    // Idle keep-alive sockets would keep close() waiting; sweep them until in-flight requests are done.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    try {
      await app.close();
    } finally {
      clearInterval(sweep);
    }
  });
  // Node's default accept backlog (511) overflows when a thousand clients connect at once; the overflow
  // waits for SYN retransmits (1 s, 3 s, 7 s...) and times out. The kernel caps it at net.core.somaxconn.
  await app.listen({ host: config.ATOM_HOST, port: config.ATOM_PORT, backlog: 4096 });
  const port = (app.server.address() as { port: number }).port;
  ctx.logger.info(
    { database: ctx.database.dialect, queue: ctx.redis ? 'redis' : 'embedded', dataDir: ctx.dataDir, workers },
    `Atom is serving on http://${config.ATOM_HOST}:${port}`,
  );
  return { app, ctx, url: `http://127.0.0.1:${port}`, stop: () => ctx.lifecycle.shutdown(ctx.logger) };
}

/**
 * Runs until SIGTERM/SIGINT: then drains within ATOM_SHUTDOWN_GRACE_MS and exits 0
 * (1 if the grace period ran out or shutdown failed).
 */
export function exitOnSignal(server: Pick<RunningServer, 'stop' | 'ctx'>): void {
  const { ctx } = server;
  closeWithGrace({ delay: ctx.config.ATOM_SHUTDOWN_GRACE_MS, logger: false }, async ({ signal, err }) => {
    if (err) ctx.logger.error({ err }, 'unexpected error; shutting down');
    else ctx.logger.info({ signal }, 'shutting down: finishing in-flight work');
    await server.stop();
    ctx.logger.info('shutdown complete');
  });
}
