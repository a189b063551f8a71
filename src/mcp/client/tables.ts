import type { SealedColumn } from '../../vault/index.js';

declare module '../../platform/db/schema.js' {
  interface Database {
    mcp_servers: McpServersTable;
  }
}

/** An external MCP server (Streamable HTTP) registered by an admin. */
export interface McpServersTable {
  id: string;
  workspace_id: string;
  name: string;
  url: string;
  /** Vault-sealed JSON object of request headers (e.g. Authorization); null when none. */
  headers_sealed: string | null;
  /** 'headers' (static headers only) or 'oauth' (the MCP authorization flow; tokens in oauth_sealed). */
  auth_kind: string;
  /** Vault-sealed JSON of the OAuth state (src/mcp/client/oauth.ts); null until the flow starts. */
  oauth_sealed: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Re-sealed by `atom vault rotate` (listed in src/vault-columns.ts). */
export const mcpSealedColumns: readonly SealedColumn[] = [
  { table: 'mcp_servers', column: 'headers_sealed' },
  { table: 'mcp_servers', column: 'oauth_sealed' },
];
