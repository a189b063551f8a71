import type { MigrationDb } from './_dialect.js';

// Polled integration triggers: a lease per trigger, so across replicas one process at a time polls a
// trigger and advances its cursor (one conditional UPDATE claims it; a crashed holder's lease lapses).
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('integration_trigger_cursors').addColumn('lease_owner', 'text').execute();
  await db.schema.alterTable('integration_trigger_cursors').addColumn('lease_until', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('integration_trigger_cursors').dropColumn('lease_until').execute();
  await db.schema.alterTable('integration_trigger_cursors').dropColumn('lease_owner').execute();
}
