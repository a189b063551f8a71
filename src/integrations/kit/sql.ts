import { z } from 'zod';

/**
 * Shared shapes of the SQL services (PostgreSQL, MySQL/MariaDB). Values always travel as parameters; table and
 * column names cannot, so they must match this pattern (optionally `schema.table`) and are then quoted.
 */
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
export const identifier = z.string().regex(identifierPattern, { error: 'must be a plain SQL name: letters, digits, _ and $, starting with a letter or _' });
export const tableName = z
  .string()
  .min(1)
  .max(127)
  .refine((t) => t.split('.').length <= 2 && t.split('.').every((p) => identifierPattern.test(p)), { error: 'must be a table name, optionally schema.table (letters, digits, _ and $)' });

/** A value a parameter may carry. Objects and arrays go as JSON text (json/jsonb columns accept it). */
export const sqlValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);
/** A row: column names checked like identifiers (they are quoted, never parameters), values as parameters. */
export const sqlRow = z.record(identifier, sqlValue);

/** A parameter as the drivers take it: structured values as JSON text. */
export const toParam = (v: unknown): unknown => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

/** A row as JSON: dates as ISO text, bytes as base64, big integers as text (the journal stores JSON). */
export function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = jsonValue(v);
  return out;
}
function jsonValue(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonValue);
  return v;
}

export const queryInput = z.object({
  sql: z.string().trim().min(1).max(100_000).describe('The SQL, with placeholders for every value (never pasted values)'),
  params: z.array(sqlValue).max(1000).default([]).describe('Values for the placeholders, in order'),
  maxRows: z.number().int().min(1).max(10_000).default(1000),
});
export const queryOutput = z.object({ rows: z.array(z.record(z.string(), z.unknown())), rowCount: z.number(), truncated: z.boolean() });

export const insertInput = z.object({
  table: tableName,
  rows: z.array(sqlRow).min(1).max(1000),
});
export const updateInput = z.object({
  table: tableName,
  set: sqlRow.refine((r) => Object.keys(r).length > 0, { error: 'set at least one column' }),
  where: sqlRow.refine((r) => Object.keys(r).length > 0, { error: 'name at least one column to match (an update of every row is not offered)' }).describe('Columns and the values they must equal (null matches IS NULL)'),
});

export const newRowConfig = z.object({
  table: tableName,
  column: identifier.describe('An always-increasing column: an identity/auto-increment id or a creation timestamp'),
  batchSize: z.number().int().min(1).max(1000).default(100),
});
export const newRowEvent = z.object({ table: z.string(), column: z.string(), value: z.string(), row: z.record(z.string(), z.unknown()) });
