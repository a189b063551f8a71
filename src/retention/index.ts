import { auditRetentionClass } from '../audit/index.js';
import type { AtomModule } from '../platform/index.js';
import { registerRetentionClass } from './registry.js';
import { retentionRoutes } from './routes.js';

/**
 * Retention as src/app.ts and src/worker.ts install it. The audit trail is a data class like any other;
 * audit cannot register it itself (retention records its purges in the audit trail, so audit must not
 * import retention back), so retention does. Other domains register theirs from their own modules.
 */
export const retentionModule: AtomModule = {
  name: 'retention',
  install: (ctx) => registerRetentionClass(ctx, auditRetentionClass),
  routes: (ctx) => [{ plugin: retentionRoutes(ctx), prefix: '/api/retention' }],
};

export { registerRetentionClass, retentionClasses, retentionClass, type RetentionClass } from './registry.js';
export { previewRetention, purgeWorkspace, purgeAllWorkspaces, purgeSystemAudit, cutoffFor, type RetentionPreview, type PurgeReport } from './purge.js';
export { retentionRoutes } from './routes.js';
export { startRetentionSchedule } from './schedule.js';
