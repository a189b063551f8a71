import type { MigrationDb } from './_dialect.js';

// Notifications: a lease on each user's digest, taken with one conditional UPDATE, so that of the API
// replicas and workers that all run the digest loop exactly one sends a user's digest for a period.
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('notification_preferences').addColumn('digest_lease_owner', 'text').execute();
  await db.schema.alterTable('notification_preferences').addColumn('digest_lease_until', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('notification_preferences').dropColumn('digest_lease_until').execute();
  await db.schema.alterTable('notification_preferences').dropColumn('digest_lease_owner').execute();
}
