import { aiModule, workflowDrafter } from './ai/index.js';
import { analyticsModule } from './analytics/index.js';
import { auditModule } from './audit/index.js';
import { authModule, createAuthenticator, oauthServerModule, oncePerRequest } from './auth/index.js';
import { collabModule } from './collab/index.js';
import { commentsModule } from './comments/index.js';
import { integrationsModule, onConnectionHealthChanged } from './integrations/index.js';
import { mcpClientModule, mcpModule } from './mcp/index.js';
import { memoryDocumentReadable, memoryModule, type Memory, type MemoryRoutesOptions } from './memory/index.js';
import { notificationsModule } from './notifications/index.js';
import { healthModule } from './platform/health/module.js';
import type { Authenticator } from './platform/http/index.js';
import type { AppContext, AtomModule } from './platform/index.js';
import type { JobQueue } from './platform/jobs/index.js';
import { realtimeModule, type DocumentReadable, type DomainFeedSources } from './realtime/index.js';
import { recommendationsModule } from './recommendations/index.js';
import { retentionModule } from './retention/index.js';
import { systemModule } from './system/index.js';
import { telemetryModule } from './telemetry/index.js';
import { voiceModule } from './voice/index.js';
import { workflowDesk, workflowRuntime, workflowsApiModule, workflowsModule, type WorkflowDesk } from './workflows/index.js';

/**
 * What every process hands its modules (install, workers): the one Memory (one LanceDB connection), and the
 * pieces of one domain another needs, so that neither imports the other.
 */
export interface ProcessDeps {
  memory: Memory;
  /** Events of domains above realtime that live streams relay (integrations' connection health changes). */
  feeds: DomainFeedSources;
  /** The workflow job queue: notification digests are sent as jobs on it. */
  workflowQueue: () => JobQueue;
}

/** What the API process adds for the modules' request hooks and routes. */
export interface ServeDeps extends ProcessDeps {
  /** The plain authenticator: open streams and sockets (chat, voice, events, collab) re-check their caller with it. */
  authenticator: Authenticator;
  /** The same, resolved once per request: the server and the request guards share it. */
  requestAuthenticator: Authenticator;
  /** The AI domain's workflow drafter (the MCP draft_workflow tool). */
  drafter: ReturnType<typeof workflowDrafter>;
  /** The workflows as the chat agent's tools see them. */
  desk: WorkflowDesk;
  /** Memory's read rule for a document, for presence on documents. */
  documentReadable: DocumentReadable;
  /** Overrides of memory's source access (tests inject token providers). */
  memoryOptions: Partial<MemoryRoutesOptions>;
  /** Runs memory's background work (re-embed, optimize) in this process (`atom serve`); its syncs are memory's workers. */
  memoryBackground: boolean;
}

/**
 * Every domain, in the one order both processes use. `atom serve` (src/app.ts) installs them all, adds their
 * request hooks, then registers their routes in this order (health first; the web app and not-found handler
 * come after the list); `atom worker` (src/worker.ts) installs them all and starts their workers in this
 * order (shutdown drains them in reverse), and so does `atom serve` in embedded mode (src/server.ts;
 * startModuleWorkers). So a run or a purge sees the same actions and retention classes wherever it
 * executes. Nothing registers itself on import.
 *
 * A domain whose parts must sit at two places of the order has two entries: the OAuth server (auth) and
 * the MCP client are registered around the MCP server's routes, and the workflow API after memory's routes
 * while workflows install and start their workers before memory.
 */
export const atomModules: readonly AtomModule<ProcessDeps, ServeDeps>[] = [
  healthModule,
  telemetryModule,
  systemModule,
  analyticsModule,
  authModule,
  auditModule,
  retentionModule,
  integrationsModule,
  aiModule,
  voiceModule,
  workflowsModule,
  memoryModule,
  workflowsApiModule,
  realtimeModule,
  commentsModule,
  notificationsModule,
  recommendationsModule,
  collabModule,
  mcpModule,
  oauthServerModule,
  mcpClientModule,
];

/** The deps of a process over its one Memory. */
export function processDeps(ctx: AppContext, memory: Memory): ProcessDeps {
  return { memory, feeds: { onConnectionHealthChanged }, workflowQueue: () => workflowRuntime(ctx).queue };
}

/**
 * The API process's deps. Real sign-in unless `authenticator` is given (tests inject one); the memory
 * options are BuildAppOptions.memory.
 */
export function serveDeps(
  ctx: AppContext,
  shared: ProcessDeps,
  options: { authenticator?: Authenticator | undefined; memoryOptions?: Partial<MemoryRoutesOptions>; memoryBackground?: boolean | undefined },
): ServeDeps {
  const authenticator = options.authenticator ?? createAuthenticator(ctx);
  return {
    ...shared,
    authenticator,
    requestAuthenticator: oncePerRequest(authenticator),
    drafter: workflowDrafter(ctx),
    desk: workflowDesk(ctx),
    documentReadable: memoryDocumentReadable(shared.memory),
    memoryOptions: options.memoryOptions ?? {},
    memoryBackground: options.memoryBackground ?? false,
  };
}

/**
 * Starts the modules' workers in list order (each registers its drain step, so shutdown drains them in
 * reverse) and returns their names. A process that executes the jobs (`atom worker`; `atom serve` in
 * embedded mode) starts every module's; a queue-mode `atom serve` leaves the queues' consumers to
 * `atom worker` and starts only the workers marked `workersInEveryProcess`.
 */
export async function startModuleWorkers(ctx: AppContext, deps: ProcessDeps, process: { executesJobs: boolean }): Promise<string[]> {
  const started: string[] = [];
  for (const m of atomModules) {
    if (!m.startWorkers || !(process.executesJobs || m.workersInEveryProcess)) continue;
    await m.startWorkers(ctx, deps);
    started.push(m.name);
  }
  return started;
}

/** Calls each module's `install` for this context (once per context; a second call only re-adds by name). */
export function installModules(ctx: AppContext, deps: ProcessDeps): void {
  for (const m of atomModules) m.install?.(ctx, deps);
}
