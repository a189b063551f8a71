export { documentRepository, type DocumentRepository } from './documents.js';
export { connectionRepository, type ConnectionKind, type ConnectionRepository } from './connections.js';
export { failureRepository, type FailureRepository } from './failures.js';
export { syncStateRepository, type SyncStateRepository } from './sync-state.js';
export { queryLogRepository } from './queries.js';
export { indexRepository } from './indexes.js';
export { syncJobRepository, syncJobFromRow, syncPhases, type SyncJobProgress, type SyncJobRepository, type SyncPhase } from './sync-jobs.js';
