import { parseJsonColumn } from '../platform/index.js';
import { actorTypeSchema, auditEntryViewSchema, outcomeSchema, type AuditEntryView } from '../shared/audit.js';
import type { AuditRow } from './audit-repository.js';

export { auditEntryViewSchema, type AuditEntryView } from '../shared/audit.js';

export function toView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    seq: row.seq,
    occurredAt: row.occurred_at,
    actor: { id: row.actor_id, type: actorTypeSchema.catch('system').parse(row.actor_type) },
    action: row.action,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    outcome: outcomeSchema.catch('failure').parse(row.outcome),
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: parseJsonColumn(auditEntryViewSchema.shape.details, row.details, { column: 'audit_log.details' }),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export const csvColumns = [
  'seq',
  'occurredAt',
  'actorType',
  'actorId',
  'action',
  'targetType',
  'targetId',
  'outcome',
  'ip',
  'userAgent',
  'requestId',
  'details',
  'id',
  'prevHash',
  'hash',
] as const;

/** RFC 4180 quoting; a leading = + - @ gets a quote mark so spreadsheets never run a cell as a formula. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(v: AuditEntryView): string {
  const cells: Record<(typeof csvColumns)[number], string | number | null> = {
    seq: v.seq,
    occurredAt: v.occurredAt,
    actorType: v.actor.type,
    actorId: v.actor.id,
    action: v.action,
    targetType: v.target?.type ?? null,
    targetId: v.target?.id ?? null,
    outcome: v.outcome,
    ip: v.ip,
    userAgent: v.userAgent,
    requestId: v.requestId,
    details: JSON.stringify(v.details),
    id: v.id,
    prevHash: v.prevHash,
    hash: v.hash,
  };
  return `${csvColumns.map((c) => csvCell(cells[c])).join(',')}\r\n`;
}
