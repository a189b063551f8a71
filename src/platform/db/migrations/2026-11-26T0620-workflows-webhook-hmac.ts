import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // The webhook's HMAC signing secret, sealed by the vault (never stored in the clear).
  await db.schema.alterTable('workflows').addColumn('webhook_hmac_sealed', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('workflows').dropColumn('webhook_hmac_sealed').execute();
}
