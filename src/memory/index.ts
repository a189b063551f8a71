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
