/**
 * The database as Kysely sees it. Each domain adds its own tables by augmenting this interface from its
 * own `tables.ts` (`declare module '../platform/db/schema.js' { interface Database { ... } }`), so the row
 * types of a table live next to the code that owns it, and the migrations describe the same shape.
 *
 * Portable column conventions (one set of migrations serves SQLite and PostgreSQL):
 * ids are text (UUIDv7, see platform/ids); times are ISO-8601 UTC text; JSON is text; booleans are
 * integers 0/1; binary is `blob` (SQLite) / `bytea` (PostgreSQL), see migrations/_dialect.ts.
 */
export interface Database {
  atom_meta: AtomMetaTable;
}

export interface AtomMetaTable {
  key: string;
  value: string;
  updated_at: string;
}
