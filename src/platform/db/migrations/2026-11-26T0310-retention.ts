import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // keep_days null = keep forever (also what a class without a row means).
  await db.schema
    .createTable('retention_policy')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('data_class', 'text', (c) => c.notNull())
    .addColumn('keep_days', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('retention_policy_pk', ['workspace_id', 'data_class'])
    .execute();

  await db.schema
    .createTable('retention_workspace')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey())
    .addColumn('legal_hold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('legal_hold_reason', 'text')
    .addColumn('legal_hold_set_by', 'text')
    .addColumn('legal_hold_set_at', 'text')
    .addColumn('last_purge_at', 'text')
    .addColumn('last_purge_summary', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('retention_workspace').execute();
  await db.schema.dropTable('retention_policy').execute();
}
