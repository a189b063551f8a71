import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/index.js';

/**
 * Where sealed values live, so `atom vault rotate` re-encrypts every domain's secrets. Each domain exports
 * its list next to its table types (e.g. `aiSealedColumns` in src/ai/tables.ts); src/vault-columns.ts joins
 * them and the CLI passes that list to `rotateVault`. Nothing registers itself on import (#20).
 *
 * @example
 * export const connectionSealedColumns = [{ table: 'connections', column: 'credentials_sealed' }] as const satisfies readonly SealedColumn[];
 */
export interface SealedColumn {
  readonly table: string;
  readonly column: string;
}

/** Throws unless both names are plain SQL identifiers (they are interpolated as identifiers). */
export function assertSealedColumn(column: SealedColumn): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(column.table) || !/^[a-z_][a-z0-9_]*$/.test(column.column)) {
    throw new Error(`sealed column ${column.table}.${column.column} is not a plain SQL identifier`);
  }
}

/**
 * Every text column of every table in the current database/schema, so rotation can also find sealed values
 * in columns nobody registered (a safety net; registration stays the contract).
 */
export async function textColumns(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<SealedColumn[]> {
  if (dialect === 'postgres') {
    const r = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying')
      order by c.table_name, c.ordinal_position`.execute(db);
    return r.rows.map((row) => ({ table: row.table_name, column: row.column_name }));
  }
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  const out: SealedColumn[] = [];
  for (const { name } of tables.rows) {
    const cols = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(db);
    for (const c of cols.rows) if (/text|char|clob|^$/i.test(c.type)) out.push({ table: name, column: c.name });
  }
  return out;
}
