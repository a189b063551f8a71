import type { MigrationDb } from './_dialect.js';

// The account identity a provider vouched for when a connection was made (Google's ID token `email` with
// `email_verified` and `hd`, Microsoft Graph `/me`): the only identity that may match document permissions.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('integration_connections').addColumn('verified_email', 'text').execute();
  await db.schema.alterTable('integration_connections').addColumn('verified_domain', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('integration_connections').dropColumn('verified_domain').execute();
  await db.schema.alterTable('integration_connections').dropColumn('verified_email').execute();
}
