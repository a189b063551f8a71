import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // Atom as an OAuth authorization server for MCP clients: registered clients (RFC 7591), one-use
  // authorization codes, and grants (one per consent) holding the hashes of their current tokens.
  await db.schema
    .createTable('auth_oauth_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('auth_oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('auth_oauth_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('access_hash', 'text', (c) => c.notNull())
    .addColumn('access_expires_at', 'text', (c) => c.notNull())
    .addColumn('refresh_hash', 'text', (c) => c.notNull())
    .addColumn('previous_refresh_hash', 'text')
    .addColumn('refresh_expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('auth_oauth_grants_access').on('auth_oauth_grants').column('access_hash').unique().execute();
  await db.schema.createIndex('auth_oauth_grants_refresh').on('auth_oauth_grants').column('refresh_hash').unique().execute();
  await db.schema.createIndex('auth_oauth_grants_previous_refresh').on('auth_oauth_grants').column('previous_refresh_hash').execute();
  await db.schema.createIndex('auth_oauth_grants_member').on('auth_oauth_grants').columns(['workspace_id', 'user_id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('auth_oauth_grants').execute();
  await db.schema.dropTable('auth_oauth_codes').execute();
  await db.schema.dropTable('auth_oauth_clients').execute();
}
