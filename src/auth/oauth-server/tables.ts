/** Row types of Atom's OAuth authorization server (migrations/2026-12-06T2140-auth-oauth-server.ts). */
declare module '../../platform/db/schema.js' {
  interface Database {
    auth_oauth_clients: AuthOAuthClientsTable;
    auth_oauth_codes: AuthOAuthCodesTable;
    auth_oauth_grants: AuthOAuthGrantsTable;
  }
}

/** A client registered dynamically (RFC 7591). Public clients only: no secret, PKCE instead. */
export interface AuthOAuthClientsTable {
  /** The client_id. */
  id: string;
  name: string;
  /** JSON array of the exact redirect URIs the client may use. */
  redirect_uris: string;
  /** JSON of the registered metadata as answered (RFC 7591 §3.2.1). */
  metadata: string;
  created_at: string;
}

/** An authorization code: one use, ten minutes, bound to client, redirect URI, PKCE challenge and resource. */
export interface AuthOAuthCodesTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  workspace_id: string;
  role: string;
  redirect_uri: string;
  /** S256 challenge (base64url of SHA-256 of the verifier). */
  code_challenge: string;
  /** The resource (RFC 8707) the tokens will be bound to: Atom's /mcp URL. */
  resource: string;
  scope: string;
  /** The grant made when the code was exchanged: a second use of the code revokes it. */
  grant_id: string | null;
  created_at: string;
  expires_at: string;
}

/**
 * One consent: a client acting for a user in one workspace with at most a role, on one resource. Holds
 * only the hashes of its current access and refresh tokens; refreshing rotates both.
 */
export interface AuthOAuthGrantsTable {
  id: string;
  client_id: string;
  user_id: string;
  workspace_id: string;
  role: string;
  resource: string;
  scope: string;
  access_hash: string;
  access_expires_at: string;
  refresh_hash: string;
  /** The refresh token before the last rotation: presenting it again means it leaked, and ends the grant. */
  previous_refresh_hash: string | null;
  refresh_expires_at: string;
  created_at: string;
  last_used_at: string | null;
}
