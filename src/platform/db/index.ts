export { isPostgresDb, openDatabase, type DatabaseHandle, type DialectName, type OpenDatabaseOptions } from './database.js';
export { migrateToLatest, migrationStatus } from './migrate.js';
export type { Database } from './schema.js';
export { parseJsonColumn } from './json-column.js';
