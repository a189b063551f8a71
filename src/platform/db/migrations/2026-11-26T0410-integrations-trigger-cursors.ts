import { type MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('integration_trigger_cursors')
    // One polled trigger per workflow.
    .addColumn('workflow_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text')
    .addColumn('cursor', 'text')
    .addColumn('last_polled_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_trigger_cursors_workspace_idx').on('integration_trigger_cursors').column('workspace_id').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('integration_trigger_cursors').execute();
}
