export { recordAudit, auditActor, auditEntrySchema, type AuditEntry } from './record.js';
export { auditRoutes } from './routes.js';
export { verifyChain, type ChainReport } from './verify.js';
export { chainOf } from './chain.js';
export { auditRetentionClass } from './retention.js';
export type { AuditLogTable } from './tables.js';
