import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // Signed webhook deliveries already accepted, so a replayed request is refused (until it expires).
  await db.schema
    .createTable('workflow_webhook_deliveries')
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('signature_hash', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workflow_webhook_deliveries_pk', ['workflow_id', 'signature_hash'])
    .execute();
  await db.schema.createIndex('workflow_webhook_deliveries_expiry').on('workflow_webhook_deliveries').columns(['workflow_id', 'expires_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('workflow_webhook_deliveries').execute();
}
