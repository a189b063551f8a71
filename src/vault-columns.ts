import { aiSealedColumns } from './ai/tables.js';
import { integrationSealedColumns } from './integrations/tables.js';
import { mcpSealedColumns } from './mcp/client/tables.js';
import type { SealedColumn } from './vault/index.js';
import { workflowSealedColumns } from './workflows/tables.js';

/**
 * Every column a domain stores vault-sealed values in, for `atom vault rotate`. Composed here rather than
 * registered on import (#20), and here rather than in src/vault/ because the domains depend on the vault.
 * A domain that seals a new column adds its list below (rotation also scans for unlisted sealed values).
 */
export const sealedColumns: readonly SealedColumn[] = [
  ...aiSealedColumns,
  ...workflowSealedColumns,
  ...integrationSealedColumns,
  ...mcpSealedColumns,
];
