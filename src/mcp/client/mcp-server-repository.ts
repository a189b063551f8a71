import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId, nowIso, type Database } from '../../platform/index.js';
import type { Vault } from '../../vault/index.js';
import { AtomOAuthProvider, type McpOAuthState } from './oauth.js';
import './tables.js';

export const mcpServerNameSchema = z.string().trim().min(1).max(100);
/** Header names as HTTP allows them; values stay secret (sealed, never returned). */
export const mcpHeadersSchema = z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/), z.string().max(8_192)).refine((h) => Object.keys(h).length <= 20, { error: 'at most 20 headers' });

/** What the API shows of a server: the header names, never their values. */
export interface McpServerInfo {
  id: string;
  name: string;
  url: string;
  headerNames: string[];
  /** How Atom authenticates to it: static headers, or the MCP OAuth flow. */
  auth: McpServerAuth;
  /** With OAuth: whether Atom holds tokens for it (an admin completed the authorization). */
  oauthConnected: boolean;
  createdBy: string;
  createdAt: string;
}

/** A server with its opened headers, for the client that calls it. */
export interface McpServerTarget {
  id: string;
  workspaceId: string;
  name: string;
  url: string;
  headers: Record<string, string>;
  auth: McpServerAuth;
  /** With OAuth: the SDK client's provider holding this server's sealed tokens (refreshes them; never starts a new authorization). */
  authProvider?: AtomOAuthProvider;
}

export type McpServerAuth = 'headers' | 'oauth';

/**
 * The external MCP servers of a workspace; headers and OAuth state go in sealed and come out only in
 * `target`. `publicUrl`: Atom's origin for the OAuth redirect URI (only the interactive start uses it).
 */
export function createMcpServerStore(db: Kysely<Database>, vault: Vault, publicUrl = 'http://localhost') {
  const headersOf = (sealed: string | null): Record<string, string> => (sealed ? vault.openJson<Record<string, string>>(sealed) : {});
  const toInfo = (r: Database['mcp_servers']): McpServerInfo => ({
    id: r.id,
    name: r.name,
    url: r.url,
    headerNames: Object.keys(headersOf(r.headers_sealed)).sort(),
    auth: r.auth_kind === 'oauth' ? 'oauth' : 'headers',
    oauthConnected: r.auth_kind === 'oauth' && r.oauth_sealed !== null && vault.openJson<McpOAuthState>(r.oauth_sealed).tokens !== undefined,
    createdBy: r.created_by,
    createdAt: r.created_at,
  });
  // Kysely's Selectable of the table is the table itself here (no generated columns).
  const row = (workspaceId: string, id: string) => db.selectFrom('mcp_servers').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

  const store = {
    async list(workspaceId: string): Promise<McpServerInfo[]> {
      const rows = await db.selectFrom('mcp_servers').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
      return rows.map(toInfo);
    },

    async create(workspaceId: string, input: { name: string; url: string; headers: Record<string, string>; oauth?: { clientId?: string; clientSecret?: string } }, userId: string): Promise<McpServerInfo> {
      const now = nowIso();
      const values = {
        id: newId('mcps'),
        workspace_id: workspaceId,
        name: input.name,
        url: input.url,
        headers_sealed: Object.keys(input.headers).length > 0 ? vault.sealJson(input.headers) : null,
        auth_kind: input.oauth ? 'oauth' : 'headers',
        oauth_sealed: input.oauth && (input.oauth.clientId || input.oauth.clientSecret) ? vault.sealJson({ ...input.oauth }) : null,
        created_by: userId,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('mcp_servers').values(values).execute();
      return toInfo(values);
    },

    async byName(workspaceId: string, name: string): Promise<McpServerInfo | undefined> {
      const r = await db.selectFrom('mcp_servers').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      return r ? toInfo(r) : undefined;
    },

    async get(workspaceId: string, id: string): Promise<McpServerInfo | undefined> {
      const r = await row(workspaceId, id);
      return r ? toInfo(r) : undefined;
    },

    /** The server with its headers opened, for a call; undefined when it is not the workspace's. */
    async target(workspaceId: string, id: string): Promise<McpServerTarget | undefined> {
      const r = await row(workspaceId, id);
      if (!r) return undefined;
      const target: McpServerTarget = { id: r.id, workspaceId: r.workspace_id, name: r.name, url: r.url, headers: headersOf(r.headers_sealed), auth: r.auth_kind === 'oauth' ? 'oauth' : 'headers' };
      return target.auth === 'oauth' ? { ...target, authProvider: new AtomOAuthProvider({ store, server: target, publicUrl, interactive: false }) } : target;
    },

    async oauthState(workspaceId: string, id: string): Promise<McpOAuthState> {
      const r = await row(workspaceId, id);
      return r?.oauth_sealed ? vault.openJson<McpOAuthState>(r.oauth_sealed) : {};
    },

    /** Changes the sealed OAuth state with `change` (read, change, seal, write). */
    async updateOAuthState(workspaceId: string, id: string, change: (s: McpOAuthState) => McpOAuthState): Promise<void> {
      const next = change(await store.oauthState(workspaceId, id));
      await db.updateTable('mcp_servers').set({ oauth_sealed: vault.sealJson(next), updated_at: nowIso() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** True when it existed. */
    async remove(workspaceId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('mcp_servers').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
  return store;
}

export type McpServerStore = ReturnType<typeof createMcpServerStore>;
