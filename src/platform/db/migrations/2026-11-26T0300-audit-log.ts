import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chain', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('workspace_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_chain_seq').unique().on('audit_log').columns(['chain', 'seq']).execute();
  await db.schema.createIndex('audit_log_ws_time').on('audit_log').columns(['workspace_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_log_ws_action').on('audit_log').columns(['workspace_id', 'action']).execute();
  await db.schema.createIndex('audit_log_ws_actor').on('audit_log').columns(['workspace_id', 'actor_id']).execute();
  await db.schema.createIndex('audit_log_ws_target').on('audit_log').columns(['workspace_id', 'target_type', 'target_id']).execute();

  // One row per chain: appends lock it, so concurrent writers line up; it also remembers where a
  // retention purge cut the chain's beginning, so verification can start there.
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('pruned_through_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pruned_through_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('audit_chain_head').execute();
  await db.schema.dropTable('audit_log').execute();
}
