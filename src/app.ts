import { createMemory, type MemoryRoutesOptions } from './memory/index.js';
import { atomModules, installModules, processDeps, serveDeps } from './modules.js';
import { createHttpServer, installNotFound, registerWebApp, type HttpServer, type HttpServerOptions } from './platform/http/index.js';
import type { AppContext } from './platform/index.js';
import { createVault } from './vault/index.js';

/**
 * The whole HTTP app: the platform server, then the modules of src/modules.ts (their request hooks, then
 * their routes, in that list's order), then the web app. This file lists no routes; each domain owns its own.
 */
export interface BuildAppOptions extends HttpServerOptions {
  /** Extra route plugins registered after the domains' (tests use this for probe routes). */
  extraPlugins?: ((app: HttpServer, ctx: AppContext) => Promise<void> | void)[];
  /**
   * Memory wiring: a shared memory instance, the source access-token provider; `background` runs memory's
   * background work (re-embed, optimize) in this process (`atom serve` sets it; syncs are memory's workers).
   */
  memory?: Partial<MemoryRoutesOptions> & { background?: boolean };
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}) {
  // Loads the vault keys first: a bad ATOM_VAULT_KEYS stops the start; the key file is made on first start.
  createVault(ctx);
  // One memory for the memory API, the chat agent's document search and the memory.search workflow action.
  const memory = options.memory?.memory ?? (await createMemory(ctx));
  if (!options.memory?.memory) ctx.lifecycle.onShutdown('memory', () => memory.close());
  const shared = processDeps(ctx, memory);
  // Each domain's registrations (workflow actions, retention classes), from the one list `atom worker` installs too.
  installModules(ctx, shared);
  const { background: memoryBackground, ...memoryOptions } = options.memory ?? {};
  const deps = serveDeps(ctx, shared, { authenticator: options.authenticator, memoryOptions, memoryBackground });
  // The server resolves each request's principal once (real sign-in unless the options inject an authenticator).
  const app = await createHttpServer(ctx, { ...options, authenticator: deps.requestAuthenticator });
  // App-wide hooks first (auth's rate limits and CSRF), so they cover every route that follows.
  for (const m of atomModules) await m.requestHooks?.(app, ctx, deps);
  for (const m of atomModules) {
    for (const { plugin, prefix } of m.routes?.(ctx, deps) ?? []) {
      await (prefix === undefined ? app.register(plugin) : app.register(plugin, { prefix }));
    }
  }
  for (const plugin of options.extraPlugins ?? []) await plugin(app, ctx);
  const spa = await registerWebApp(app, ctx);
  installNotFound(app, spa);
  await app.ready();
  return app;
}

export type AtomApp = Awaited<ReturnType<typeof buildApp>>;
