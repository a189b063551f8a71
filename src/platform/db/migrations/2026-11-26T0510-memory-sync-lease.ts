import type { MigrationDb } from './_dialect.js';

// Memory: a sync lease per source, so one source never has two syncs at once across processes
// ("sync now" in one replica, the scheduled sync in another).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('memory_connections').addColumn('sync_lease_owner', 'text').execute();
  await db.schema.alterTable('memory_connections').addColumn('sync_lease_until', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('memory_connections').dropColumn('sync_lease_until').execute();
  await db.schema.alterTable('memory_connections').dropColumn('sync_lease_owner').execute();
}
