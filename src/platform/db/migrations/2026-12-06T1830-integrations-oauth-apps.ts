import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // OAuth apps a workspace admin registers in the web app (one per provider, e.g. `google`, or per service
  // for providers without shared quirks); the client secret is sealed by the vault.
  await db.schema
    .createTable('integration_oauth_apps')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('app_key', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('integration_oauth_apps_pk', ['workspace_id', 'app_key'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('integration_oauth_apps').execute();
}
