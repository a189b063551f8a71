import type { AtomModule } from '../platform/index.js';
import { auditRoutes } from './routes.js';
export { recordAudit, auditedTransaction, auditActor, auditEntrySchema, type AuditEntry, type RecordAuditOptions } from './record.js';
export { onAuditRecorded, type RecordedAudit } from './listeners.js';
export { auditRoutes } from './routes.js';
export { verifyChain, verifyAllChains, type ChainReport } from './verify.js';
export { chainOf } from './chain.js';
export { auditRetentionClass } from './retention.js';
export type { AuditLogTable } from './tables.js';

/** Tables of the audit trail: append-only, never rewritten by maintenance (vault rotation skips them). */
export const auditTables = ['audit_log', 'audit_chain_head'] as const;
export { verifyExport, type ExportCheck } from './verify-export.js';

/** The audit trail API (/api/audit) as src/app.ts composes it. */
export const auditModule: AtomModule = {
  name: 'audit',
  routes: (ctx) => [{ plugin: auditRoutes(ctx), prefix: '/api/audit' }],
};
