import { type MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('integration_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    // Null: shared with the workspace; set: a personal connection of that user.
    .addColumn('user_id', 'text')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('auth_kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('credentials_sealed', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('account_label', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('refresh_lease_owner', 'text')
    .addColumn('refresh_lease_until', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_connections_workspace_idx').on('integration_connections').columns(['workspace_id', 'service_id']).execute();

  await db.schema
    .createTable('integration_oauth_states')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('verifier_sealed', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('personal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('return_to', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_oauth_states_workspace_idx').on('integration_oauth_states').column('workspace_id').execute();

  await db.schema
    .createTable('integration_connection_health')
    .addColumn('connection_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of the latest outcomes [{ ok, ms, at }], newest last.
    .addColumn('recent', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_connection_health_workspace_idx').on('integration_connection_health').column('workspace_id').execute();

  await db.schema
    .createTable('integration_connection_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_connection_events_conn_idx').on('integration_connection_events').columns(['connection_id', 'at']).execute();
  await db.schema.createIndex('integration_connection_events_workspace_idx').on('integration_connection_events').column('workspace_id').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('integration_connection_events').execute();
  await db.schema.dropTable('integration_connection_health').execute();
  await db.schema.dropTable('integration_oauth_states').execute();
  await db.schema.dropTable('integration_connections').execute();
}
