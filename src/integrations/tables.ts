import type { Generated } from 'kysely';
import type { SealedColumn } from '../vault/index.js';

export interface IntegrationConnectionsTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  service_id: string;
  label: string;
  auth_kind: string;
  status: string;
  credentials_sealed: string;
  /** JSON array of granted scopes. */
  scopes: string;
  account_label: string | null;
  /**
   * The account's e-mail as the provider vouched for it when the connection was made (never typed in);
   * null when the provider did not say. `verified_domain`: the organisation the provider says the account
   * belongs to (Google's `hd`, the domain of a Microsoft work account's user principal name).
   */
  verified_email: Generated<string | null>;
  verified_domain: Generated<string | null>;
  expires_at: string | null;
  refresh_lease_owner: string | null;
  refresh_lease_until: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface IntegrationOauthStatesTable {
  id: string;
  workspace_id: string;
  user_id: string;
  service_id: string;
  verifier_sealed: string;
  redirect_uri: string;
  label: string | null;
  personal: number;
  return_to: string | null;
  /** 'write' when the person chose write access at connect time (the service's writeScopes are added); null: read. */
  access: string | null;
  expires_at: string;
  consumed_at: string | null;
  created_at: string;
}

export interface IntegrationConnectionHealthTable {
  connection_id: string;
  workspace_id: string;
  status: string;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  consecutive_failures: number;
  recent: string;
  checked_at: string | null;
  updated_at: string;
}

export interface IntegrationConnectionEventsTable {
  id: string;
  connection_id: string;
  workspace_id: string;
  at: string;
  kind: string;
  code: string | null;
  message: string;
}

export interface IntegrationTriggerCursorsTable {
  workflow_id: string;
  workspace_id: string;
  trigger_id: string;
  connection_id: string | null;
  /** JSON of the trigger's TriggerCursor. */
  cursor: string | null;
  last_polled_at: string | null;
  last_error: string | null;
  updated_at: string;
  /** The process polling this trigger now, and until when (ISO); see triggers/poller.ts. */
  lease_owner: Generated<string | null>;
  lease_until: Generated<string | null>;
}

/** A workspace's own OAuth app for a provider (see oauth/apps.ts); the secret is sealed. */
export interface IntegrationOauthAppsTable {
  workspace_id: string;
  /** The provider (`google`, `slack`, ...) or, for a service without provider quirks, the service id. */
  app_key: string;
  client_id: string;
  client_secret_sealed: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

declare module '../platform/db/schema.js' {
  interface Database {
    integration_oauth_apps: IntegrationOauthAppsTable;
    integration_trigger_cursors: IntegrationTriggerCursorsTable;
    integration_connections: IntegrationConnectionsTable;
    integration_oauth_states: IntegrationOauthStatesTable;
    integration_connection_health: IntegrationConnectionHealthTable;
    integration_connection_events: IntegrationConnectionEventsTable;
  }
}

/** Re-sealed by `atom vault rotate` (listed in src/vault-columns.ts). */
export const integrationSealedColumns: readonly SealedColumn[] = [
  { table: 'integration_connections', column: 'credentials_sealed' },
  { table: 'integration_oauth_states', column: 'verifier_sealed' },
  { table: 'integration_oauth_apps', column: 'client_secret_sealed' },
];
