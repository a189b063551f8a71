import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // The access a person chose when connecting (null: read only; 'write': the service's write scopes too).
  await db.schema.alterTable('integration_oauth_states').addColumn('access', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('integration_oauth_states').dropColumn('access').execute();
}
