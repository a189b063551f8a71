import { v7 as uuidv7 } from 'uuid';

/**
 * A new identifier: UUIDv7, so ids sort by creation time (good for cursor pagination and index locality).
 * An optional prefix makes ids self-describing in logs (`run_0193...`).
 */
export function newId(prefix?: string): string {
  const id = uuidv7();
  return prefix ? `${prefix}_${id}` : id;
}

/** Current time as the ISO-8601 UTC text Atom stores in both SQLite and PostgreSQL. */
export const nowIso = (): string => new Date().toISOString();
