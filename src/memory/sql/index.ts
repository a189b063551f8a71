export { documentRepository, type DocumentRepository } from './documents.js';
export { connectionRepository, sourceSettingsOf, sourceSettingsSchema, type ConnectionKind, type ConnectionRepository, type SourceSettings } from './connections.js';
export { failureRepository, type FailureRepository } from './failures.js';
export { syncStateRepository, type SyncStateRepository } from './sync-state.js';
export { queryLogRepository } from './queries.js';
export { indexRepository } from './indexes.js';
export { syncJobRepository, syncJobFromRow, syncPhases, type SyncJobProgress, type SyncJobRepository, type SyncPhase } from './sync-jobs.js';
