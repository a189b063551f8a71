export { documentRepository, type DocumentRepository } from './document-repository.js';
export { connectionRepository, sourceSettingsOf, sourceSettingsSchema, type ConnectionKind, type ConnectionRepository, type SourceSettings } from './connection-repository.js';
export { failureRepository, type FailureRepository } from './failure-repository.js';
export { syncStateRepository, type SyncStateRepository } from './sync-state-repository.js';
export { queryLogRepository } from './query-log-repository.js';
export { indexRepository } from './index-repository.js';
export { syncJobRepository, syncJobFromRow, syncPhases, type SyncJobProgress, type SyncJobRepository, type SyncPhase } from './sync-job-repository.js';
