import type { AtomModule } from '../platform/index.js';
import { registerRetentionClass } from '../retention/index.js';
import { startMemoryInServe } from './background.js';
import type { Memory } from './memory.js';
import { memoryRetentionClasses } from './retention.js';
import { memoryRoutes, type MemoryRoutesOptions } from './routes.js';
import { integrationSourceAccess } from './sources/integration-access.js';
import { startMemoryWorker } from './worker.js';
import { registerMemoryWorkflowAction } from './workflow-action.js';

// The memory domain's public surface: other domains (workflows, AI) search and ingest through these.
export { createMemory, type Memory, type MemoryOptions } from './memory.js';
export { memoryRoutes, type MemoryRoutesOptions } from './routes.js';
export { startMemoryInServe } from './background.js';
export { searchMemory, type SearchHit, type SearchRequest } from './search/hybrid.js';
export { ingestFile, type IncomingFile, type IngestOutcome } from './pipeline/ingest-file.js';
export { startIngestJob, type IngestProgress } from './pipeline/ingest-job.js';
export { callerPrincipals, memberPrincipals } from './principals.js';
export { memoryDocumentReadable } from './document-readable.js';
export { syncConnection, adapterFor, type AccessTokenProvider } from './sources/index.js';
export { optimizeMemory, verifyMemory, removeOrphans } from './maintenance.js';
export { memoryRetentionClasses } from './retention.js';
export { integrationSourceAccess } from './sources/integration-access.js';
export { startMemoryWorker } from './worker.js';
export { registerMemoryWorkflowAction } from './workflow-action.js';

/** What memory's API needs from the app: the process's Memory, overrides of the source access (tests), and whether to run background work. */
export interface MemoryServeDeps {
  memory: Memory;
  memoryOptions: Partial<MemoryRoutesOptions>;
  /** Runs memory's background work (re-embed, optimize) in this API process (`atom serve` sets it); syncs are the workers. */
  memoryBackground: boolean;
}

/**
 * Memory as src/app.ts and src/worker.ts compose it, over the process's one Memory (one LanceDB
 * connection): its retention classes; as its workers the source syncs ("sync now" from any API process,
 * and the scheduled ones: `atom worker`, and `atom serve` in embedded mode); in `atom serve` the API under
 * /api/memory and, when asked, the background work (optimize, re-embed).
 */
export const memoryModule: AtomModule<{ memory: Memory }, MemoryServeDeps> = {
  name: 'memory',
  install: (ctx, { memory }) => {
    for (const dataClass of memoryRetentionClasses(memory)) registerRetentionClass(ctx, dataClass);
    // `memory.search` over the process's one Memory.
    registerMemoryWorkflowAction(ctx, memory);
  },
  startWorkers: (ctx, { memory }) => startMemoryWorker(ctx, { memory }),
  routes: (ctx, deps) => {
    // Drive / OneDrive sources sync with the OAuth tokens of the user's integrations connections.
    const sources = integrationSourceAccess(ctx);
    const access = { accessToken: sources.accessToken, linkSource: sources.link, ...deps.memoryOptions, memory: deps.memory };
    // Optimize and re-embed only; the syncs are this module's workers (startWorkers above).
    if (deps.memoryBackground) startMemoryInServe(ctx, { memory: deps.memory });
    return [{ plugin: memoryRoutes(ctx, access), prefix: '/api/memory' }];
  },
};
