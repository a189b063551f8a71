import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // Webhook deliveries with an idempotency key (Idempotency-Key, X-GitHub-Delivery, ...) share the
  // replay-protection table: the key's hash is the row's key, and run_id is the run the first delivery
  // started, so a repeat answers with it instead of starting another. Null for signature rows.
  await db.schema.alterTable('workflow_webhook_deliveries').addColumn('run_id', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('workflow_webhook_deliveries').dropColumn('run_id').execute();
}
