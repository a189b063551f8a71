import { createHash } from 'node:crypto';
import type { AuditLogTable } from './tables.js';

/** `prev_hash` of a chain's first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain a workspace's entries form; events outside any workspace share one system chain. */
export const chainOf = (workspaceId: string | null): string => workspaceId ?? '_system';

/** JSON with object keys sorted at every depth, so the same value always serializes to the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/**
 * The row's hash: SHA-256 over a versioned array of every stored field in a fixed order (an array, so
 * no field boundary is ambiguous), ending with the previous row's hash.
 */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const fields = [
    'atom-audit/1',
    row.id,
    row.chain,
    row.seq,
    row.workspace_id,
    row.occurred_at,
    row.actor_id,
    row.actor_type,
    row.action,
    row.target_type,
    row.target_id,
    row.outcome,
    row.ip,
    row.user_agent,
    row.request_id,
    row.details,
    row.prev_hash,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
