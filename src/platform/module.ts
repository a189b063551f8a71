import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import type { HttpServer } from './http/index.js';

/** One route plugin of a module, with the prefix it is registered under (none: the plugin's own paths). */
export interface ModuleRoutes {
  readonly plugin: FastifyPluginAsyncZod;
  readonly prefix?: string;
}

/**
 * One domain as src/app.ts and src/worker.ts compose it (issue #20), from the one ordered list in
 * src/modules.ts. Importing a domain registers nothing: the composer calls each member once per context,
 * in list order, and everything a module needs from another domain (the Memory, an authenticator, the
 * workflow drafter…) comes in `deps`, never through an import of that domain.
 * - `install` runs in the API and worker processes alike: the domain adds its pieces to that context's
 *   registries (retention classes, workflow actions).
 * - `startWorkers` runs in the processes that execute background jobs: `atom worker`, and `atom serve` in
 *   embedded mode (no Redis; src/server.ts), both in list order. A queue-mode `atom serve` leaves the job
 *   consumers to `atom worker` and starts only the modules marked `workersInEveryProcess`.
 * - `requestHooks` and `routes` run only when the API app is built: first every module's app-wide request
 *   hooks (on the root server, before any route), then each module's route plugins in list order. `routes`
 *   is called at the module's place in that order and may first wire what only the API process runs (the
 *   chat agent's ports, memory's background work in `atom serve`).
 *
 * The members are function-typed properties (not methods) so a module that needs less than the composer
 * offers fits, and one that needs more does not compile.
 *
 * @example
 * export const commentsModule: AtomModule = {
 *   name: 'comments',
 *   routes: (ctx) => [{ plugin: commentsRoutes(ctx), prefix: '/api' }],
 * };
 */
export interface AtomModule<Deps = object, ServeDeps = Deps> {
  readonly name: string;
  /** Adds the domain's registrations to this context (never at import time). */
  readonly install?: (ctx: AppContext, deps: Deps) => void;
  /** Starts the domain's queue consumers and timers; each registers its own drain step on ctx.lifecycle. */
  readonly startWorkers?: (ctx: AppContext, deps: Deps) => Promise<void> | void;
  /**
   * Whether a queue-mode `atom serve` starts these workers too: only for work that is safe to run in every
   * process at once (notifications: cursors, dedupe keys and a lease per digest), never for a job consumer
   * that belongs to `atom worker`.
   */
  readonly workersInEveryProcess?: boolean;
  /** App-wide hooks on the root server (rate limits, CSRF), added before any module's routes. */
  readonly requestHooks?: (app: HttpServer, ctx: AppContext, deps: ServeDeps) => Promise<void>;
  /** The domain's route plugins, registered in this order (after the modules before it in the list). */
  readonly routes?: (ctx: AppContext, deps: ServeDeps) => readonly ModuleRoutes[];
}
