import type { Kysely } from 'kysely';
import { builtInRoles, customRolePermissions, isBuiltInRole } from '../../platform/access/index.js';
import { nowIso, type Database } from '../../platform/index.js';
import type { Vault } from '../../vault/index.js';
import { searchServices } from '../catalog/index.js';
import type { ServiceEntry } from '../catalog/index.js';
import type { WorkspaceOAuthApp } from '../settings.js';
import { oauthAppKeyOf } from '../settings.js';
import '../tables.js';

/** What the API may show of a stored app: the client id, and of the secret only that it is set and its end. */
export interface OAuthAppInfo {
  clientId: string;
  secretLast4: string;
  updatedBy: string;
  updatedAt: string;
}

/** The last four characters of a secret, shown so an admin can tell which one is stored; short secrets show none. */
export const secretHint = (secret: string): string => (secret.length >= 16 ? secret.slice(-4) : '');

/**
 * A workspace's OAuth apps (client id + sealed secret per app key). Read on every OAuth start, callback,
 * refresh and revocation — one primary-key lookup — so a change takes effect at once on every replica,
 * without a restart or a cache to invalidate.
 */
export function oauthAppStore(db: Kysely<Database>, vault: Vault) {
  return {
    async get(workspaceId: string, appKey: string | undefined): Promise<WorkspaceOAuthApp | undefined> {
      if (!appKey) return undefined;
      const r = await db.selectFrom('integration_oauth_apps').select(['client_id', 'client_secret_sealed']).where('workspace_id', '=', workspaceId).where('app_key', '=', appKey).executeTakeFirst();
      return r ? { clientId: r.client_id, clientSecret: vault.open(r.client_secret_sealed) } : undefined;
    },

    async list(workspaceId: string): Promise<Map<string, OAuthAppInfo>> {
      const rows = await db.selectFrom('integration_oauth_apps').selectAll().where('workspace_id', '=', workspaceId).execute();
      return new Map(rows.map((r) => [r.app_key, { clientId: r.client_id, secretLast4: secretHint(vault.open(r.client_secret_sealed)), updatedBy: r.updated_by, updatedAt: r.updated_at }]));
    },

    /**
     * Stores the app; without a new secret the stored one is kept (changing only the client id). An upsert,
     * so two admins saving at once both succeed (the later write wins) instead of one failing on the key.
     */
    async put(workspaceId: string, appKey: string, input: { clientId: string; clientSecret: string | undefined }, userId: string): Promise<'created' | 'updated' | 'missing'> {
      const now = nowIso();
      const existed = await db.selectFrom('integration_oauth_apps').select(['app_key']).where('workspace_id', '=', workspaceId).where('app_key', '=', appKey).executeTakeFirst();
      if (input.clientSecret === undefined) {
        const r = await db.updateTable('integration_oauth_apps').set({ client_id: input.clientId, updated_by: userId, updated_at: now }).where('workspace_id', '=', workspaceId).where('app_key', '=', appKey).executeTakeFirst();
        return Number(r.numUpdatedRows) > 0 ? 'updated' : 'missing';
      }
      const sealed = vault.seal(input.clientSecret);
      await db
        .insertInto('integration_oauth_apps')
        .values({ workspace_id: workspaceId, app_key: appKey, client_id: input.clientId, client_secret_sealed: sealed, updated_by: userId, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'app_key']).doUpdateSet({ client_id: input.clientId, client_secret_sealed: sealed, updated_by: userId, updated_at: now }))
        .execute();
      return existed ? 'updated' : 'created';
    },

    async remove(workspaceId: string, appKey: string): Promise<boolean> {
      const r = await db.deleteFrom('integration_oauth_apps').where('workspace_id', '=', workspaceId).where('app_key', '=', appKey).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** People of the workspace who may register OAuth apps (settings:manage), for "ask …" messages. */
    async admins(workspaceId: string): Promise<{ name: string; email: string }[]> {
      const members = await db
        .selectFrom('auth_memberships as m')
        .innerJoin('auth_users as u', 'u.id', 'm.user_id')
        .select(['u.name', 'u.email', 'm.role'])
        .where('m.workspace_id', '=', workspaceId)
        .orderBy('m.created_at')
        .execute();
      const customRoles = await db.selectFrom('auth_roles').select(['name', 'permissions']).where('workspace_id', '=', workspaceId).execute();
      const custom = new Map(customRoles.map((r) => [r.name, customRolePermissions(r.permissions).includes('settings:manage')]));
      return members
        .filter((m) => (isBuiltInRole(m.role) ? builtInRoles[m.role].permissions.includes('settings:manage') : custom.get(m.role) === true))
        .slice(0, 5)
        .map((m) => ({ name: m.name, email: m.email }));
    },
  };
}

export type OAuthAppStore = ReturnType<typeof oauthAppStore>;

/** Every OAuth app key of the catalog with the services it covers. */
export function oauthAppKeys(): Map<string, ServiceEntry[]> {
  const keys = new Map<string, ServiceEntry[]>();
  for (const s of searchServices({}, () => true)) {
    const key = oauthAppKeyOf(s);
    if (key) keys.set(key, [...(keys.get(key) ?? []), s]);
  }
  return keys;
}
