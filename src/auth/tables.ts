/** Row types of the auth tables (see migrations/2026-11-26T0200-auth-core.ts). */
export interface AuthUsersTable {
  id: string;
  email: string;
  name: string;
  /** argon2id PHC string; null for accounts that only sign in through OIDC. */
  password_hash: string | null;
  last_workspace_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuthWorkspacesTable {
  id: string;
  name: string;
  created_by: string;
  created_at: string;
}

export interface AuthMembershipsTable {
  workspace_id: string;
  user_id: string;
  /** A built-in role name or the name of a custom role of the same workspace. */
  role: string;
  created_at: string;
}

export interface AuthRolesTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  /** JSON array of permission names. */
  permissions: string;
  created_at: string;
  updated_at: string;
}

export interface AuthSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  method: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuthApiTokensTable {
  id: string;
  token_hash: string;
  prefix: string;
  name: string;
  user_id: string;
  workspace_id: string;
  role: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface AuthInvitationsTable {
  id: string;
  token_hash: string;
  workspace_id: string;
  email: string | null;
  role: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
}

export interface AuthIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: string;
}

export interface AuthLoginFailuresTable {
  subject: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

declare module '../platform/db/schema.js' {
  interface Database {
    auth_users: AuthUsersTable;
    auth_workspaces: AuthWorkspacesTable;
    auth_memberships: AuthMembershipsTable;
    auth_roles: AuthRolesTable;
    auth_sessions: AuthSessionsTable;
    auth_api_tokens: AuthApiTokensTable;
    auth_invitations: AuthInvitationsTable;
    auth_identities: AuthIdentitiesTable;
    auth_login_failures: AuthLoginFailuresTable;
  }
}
