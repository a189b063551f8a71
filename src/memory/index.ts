import type { AtomModule } from '../platform/index.js';
import { registerRetentionClass } from '../retention/index.js';
import type { Memory } from './memory.js';
import { memoryRetentionClasses } from './retention.js';
import { startMemoryWorker } from './worker.js';

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

/**
 * Memory as src/app.ts and src/worker.ts install it, over the process's one Memory (one LanceDB
 * connection): its retention classes, and in `atom worker` the source syncs ("sync now" from any API
 * process, and the scheduled ones).
 */
export const memoryModule: AtomModule<{ memory: Memory }> = {
  name: 'memory',
  install: (ctx, { memory }) => {
    for (const dataClass of memoryRetentionClasses(memory)) registerRetentionClass(ctx, dataClass);
  },
  startWorkers: (ctx, { memory }) => startMemoryWorker(ctx, { memory }),
};
