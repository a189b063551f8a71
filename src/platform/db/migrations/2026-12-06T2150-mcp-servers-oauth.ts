import type { MigrationDb } from './_dialect.js';

export async function up(db: MigrationDb): Promise<void> {
  // External MCP servers that want OAuth: how Atom authenticates ('headers' or 'oauth'), and the OAuth
  // state (client registration, tokens, PKCE verifier in flight) sealed by the vault.
  await db.schema.alterTable('mcp_servers').addColumn('auth_kind', 'text', (c) => c.notNull().defaultTo('headers')).execute();
  await db.schema.alterTable('mcp_servers').addColumn('oauth_sealed', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('mcp_servers').dropColumn('oauth_sealed').execute();
  await db.schema.alterTable('mcp_servers').dropColumn('auth_kind').execute();
}
