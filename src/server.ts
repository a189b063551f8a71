import closeWithGrace from 'close-with-grace';
import { buildApp, type AtomApp, type BuildAppOptions } from './app.js';
import { workflowRuntime } from './workflows/runtime.js';
import { startNotificationWorkers } from './notifications/index.js';
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
  // The serving process runs the memory's background work (optimize, re-embed, scheduled source syncs).
  const app = await buildApp(ctx, { extraPlugins: options.extraPlugins ?? [], memory: { background: true } });
  // Embedded mode: this process also executes workflow runs (in queue mode `atom worker` does).
  if (!config.ATOM_REDIS_URL) workflowRuntime(ctx).startWorkers();
  // Notification sweeps and digests run in the serving process (it has the integration actions digests send through).
  startNotificationWorkers(ctx, workflowRuntime(ctx).queue);
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
    { database: ctx.database.dialect, queue: ctx.redis ? 'redis' : 'embedded', dataDir: ctx.dataDir },
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
