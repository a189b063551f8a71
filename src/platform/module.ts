import type { AppContext } from './context.js';

/**
 * One domain as src/app.ts and src/worker.ts compose it (issue #20). Importing a domain registers nothing:
 * the composer calls `install` once per context, in the API and worker processes alike, and the domain adds
 * its pieces to that context's registries there (retention classes, workflow actions); `startWorkers` runs
 * in the process that executes background jobs. Routes stay Fastify plugins that app.ts lists in order
 * (their prefixes and options are the app's choice).
 *
 * @example
 * export const workflowsModule: AtomModule = {
 *   name: 'workflows',
 *   install: (ctx) => registerRetentionClass(ctx, workflowRunsRetentionClass),
 *   startWorkers: (ctx) => workflowRuntime(ctx).startWorkers(),
 * };
 */
export interface AtomModule<Deps = object> {
  readonly name: string;
  /** Adds the domain's registrations to this context (never at import time). */
  install?(ctx: AppContext, deps: Deps): void;
  /** Starts the domain's queue consumers and timers; each registers its own drain step on ctx.lifecycle. */
  startWorkers?(ctx: AppContext, deps: Deps): Promise<void> | void;
}
