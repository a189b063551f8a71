import { auditRetentionClass } from '../audit/index.js';
import { registerRetentionClass } from './registry.js';

// The audit trail is a data class like any other; other domains register theirs from their own modules.
registerRetentionClass(auditRetentionClass);

export { registerRetentionClass, retentionClasses, type RetentionClass } from './registry.js';
export { previewRetention, purgeWorkspace, purgeAllWorkspaces, purgeSystemAudit, cutoffFor, type RetentionPreview, type PurgeReport } from './purge.js';
export { retentionRoutes } from './routes.js';
export { startRetentionSchedule } from './schedule.js';
