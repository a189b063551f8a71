import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId, nowIso, parseJsonColumn, type Database } from '../../platform/index.js';
import { hashSecret, randomSecret } from '../secrets.js';
import './tables.js';

/** OAuth access tokens Atom issues start with this, refresh tokens with the other; never `atom_` alone. */
export const OAUTH_ACCESS_PREFIX = 'atom_oat_';
export const OAUTH_REFRESH_PREFIX = 'atom_ort_';

export const ACCESS_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_DAYS = 30;
const CODE_SECONDS = 600;

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const expired = (iso: string) => Date.parse(iso) <= Date.now();

export interface IssuedTokens {
  grantId: string;
  accessToken: string;
  refreshToken: string;
  scope: string;
}

export interface OAuthGrantView {
  id: string;
  clientId: string;
  clientName: string;
  role: string;
  resource: string;
  createdAt: string;
  lastUsedAt: string | null;
  refreshExpiresAt: string;
}

type GrantInput = Pick<Database['auth_oauth_grants'], 'client_id' | 'user_id' | 'workspace_id' | 'role' | 'resource' | 'scope'>;

/** Clients, codes and grants of Atom's OAuth authorization server; every secret stored as a SHA-256 hash. */
export function oauthServerStore(db: Kysely<Database>) {
  const freshTokens = () => {
    const accessToken = `${OAUTH_ACCESS_PREFIX}${randomSecret()}`;
    const refreshToken = `${OAUTH_REFRESH_PREFIX}${randomSecret()}`;
    return { accessToken, refreshToken, hashes: { access_hash: hashSecret(accessToken), access_expires_at: inSeconds(ACCESS_TOKEN_SECONDS), refresh_hash: hashSecret(refreshToken), refresh_expires_at: inSeconds(REFRESH_TOKEN_DAYS * 86_400) } };
  };

  const revokeGrant = async (id: string) => Number((await db.deleteFrom('auth_oauth_grants').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;

  return {
    async registerClient(input: { name: string; redirectUris: string[]; metadata: Record<string, unknown> }) {
      const row = { id: newId('mcpc'), name: input.name, redirect_uris: JSON.stringify(input.redirectUris), metadata: '{}', created_at: nowIso() };
      const metadata = { ...input.metadata, client_id: row.id, client_id_issued_at: Math.floor(Date.parse(row.created_at) / 1000) };
      await db.insertInto('auth_oauth_clients').values({ ...row, metadata: JSON.stringify(metadata) }).execute();
      return metadata;
    },

    async findClient(clientId: string) {
      const row = await db.selectFrom('auth_oauth_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
      return row ? { id: row.id, name: row.name, redirectUris: parseJsonColumn(z.array(z.string()), row.redirect_uris, { column: 'auth_oauth_clients.redirect_uris' }) } : undefined;
    },

    async createCode(input: Omit<Database['auth_oauth_codes'], 'code_hash' | 'grant_id' | 'created_at' | 'expires_at'>): Promise<string> {
      const code = randomSecret();
      await db.insertInto('auth_oauth_codes').values({ ...input, code_hash: hashSecret(code), grant_id: null, created_at: nowIso(), expires_at: inSeconds(CODE_SECONDS) }).execute();
      return code;
    },

    /**
     * Redeems a code once: claims it for a new grant id in one conditional update. A second redemption
     * answers `reused` and ends the grant the first one made (RFC 6749 §4.1.2).
     */
    async redeemCode(code: string): Promise<{ kind: 'ok'; grantId: string; row: Database['auth_oauth_codes'] } | { kind: 'invalid' } | { kind: 'reused' }> {
      const codeHash = hashSecret(code);
      const grantId = newId('mcpg');
      const claimed = await db.updateTable('auth_oauth_codes').set({ grant_id: grantId }).where('code_hash', '=', codeHash).where('grant_id', 'is', null).executeTakeFirst();
      const row = await db.selectFrom('auth_oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      if (!row) return { kind: 'invalid' };
      if (Number(claimed.numUpdatedRows) === 0) {
        if (row.grant_id) await revokeGrant(row.grant_id);
        return { kind: 'reused' };
      }
      if (expired(row.expires_at)) return { kind: 'invalid' };
      return { kind: 'ok', grantId, row };
    },

    async createGrant(id: string, input: GrantInput): Promise<IssuedTokens> {
      const t = freshTokens();
      await db.insertInto('auth_oauth_grants').values({ id, ...input, ...t.hashes, previous_refresh_hash: null, created_at: nowIso(), last_used_at: null }).execute();
      return { grantId: id, accessToken: t.accessToken, refreshToken: t.refreshToken, scope: input.scope };
    },

    /** The live grant behind an access token, or undefined when unknown or expired. */
    async resolveAccess(accessToken: string) {
      const row = await db.selectFrom('auth_oauth_grants').selectAll().where('access_hash', '=', hashSecret(accessToken)).executeTakeFirst();
      if (!row || expired(row.access_expires_at)) return undefined;
      const firstUse = !row.last_used_at || Date.now() - Date.parse(row.last_used_at) > 60_000;
      if (firstUse) await db.updateTable('auth_oauth_grants').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
      return { ...row, firstUseInWindow: firstUse };
    },

    /**
     * Rotates a grant's tokens for its refresh token (OAuth 2.1 §4.3.1). An already rotated refresh token
     * coming back means someone kept a copy: the whole grant ends (`reused`).
     */
    async refresh(refreshToken: string, clientId: string): Promise<{ kind: 'ok'; tokens: IssuedTokens; grant: Database['auth_oauth_grants'] } | { kind: 'invalid' } | { kind: 'reused'; grant: Database['auth_oauth_grants'] }> {
      const hash = hashSecret(refreshToken);
      const grant = await db.selectFrom('auth_oauth_grants').selectAll().where('refresh_hash', '=', hash).executeTakeFirst();
      if (!grant) {
        const stale = await db.selectFrom('auth_oauth_grants').selectAll().where('previous_refresh_hash', '=', hash).executeTakeFirst();
        if (stale && stale.client_id === clientId) {
          await revokeGrant(stale.id);
          return { kind: 'reused', grant: stale };
        }
        return { kind: 'invalid' };
      }
      if (grant.client_id !== clientId || expired(grant.refresh_expires_at)) return { kind: 'invalid' };
      const t = freshTokens();
      // Conditional on the old hash, so two concurrent refreshes cannot both win.
      const r = await db.updateTable('auth_oauth_grants').set({ ...t.hashes, previous_refresh_hash: hash }).where('id', '=', grant.id).where('refresh_hash', '=', hash).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return { kind: 'invalid' };
      return { kind: 'ok', tokens: { grantId: grant.id, accessToken: t.accessToken, refreshToken: t.refreshToken, scope: grant.scope }, grant };
    },

    /** RFC 7009: ends the grant of an access or refresh token of this client; unknown tokens are no error. */
    async revokeByToken(token: string, clientId: string): Promise<Database['auth_oauth_grants'] | undefined> {
      const hash = hashSecret(token);
      const grant = await db
        .selectFrom('auth_oauth_grants')
        .selectAll()
        .where((eb) => eb.or([eb('access_hash', '=', hash), eb('refresh_hash', '=', hash)]))
        .executeTakeFirst();
      if (!grant || grant.client_id !== clientId) return undefined;
      await revokeGrant(grant.id);
      return grant;
    },

    async list(workspaceId: string, userId: string): Promise<OAuthGrantView[]> {
      const rows = await db
        .selectFrom('auth_oauth_grants as g')
        .leftJoin('auth_oauth_clients as c', 'c.id', 'g.client_id')
        .select(['g.id', 'g.client_id', 'c.name', 'g.role', 'g.resource', 'g.created_at', 'g.last_used_at', 'g.refresh_expires_at'])
        .where('g.workspace_id', '=', workspaceId)
        .where('g.user_id', '=', userId)
        .orderBy('g.created_at', 'desc')
        .execute();
      return rows.map((r) => ({ id: r.id, clientId: r.client_id, clientName: r.name ?? r.client_id, role: r.role, resource: r.resource, createdAt: r.created_at, lastUsedAt: r.last_used_at, refreshExpiresAt: r.refresh_expires_at }));
    },

    async revoke(workspaceId: string, userId: string, id: string): Promise<boolean> {
      const r = await db.deleteFrom('auth_oauth_grants').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /**
     * Forgets spent or expired codes after a day (kept that long so a replayed code is still recognised
     * and revokes its grant) and grants whose refresh token expired. Returns how many rows went.
     */
    async purgeExpired(): Promise<number> {
      const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
      const codes = await db.deleteFrom('auth_oauth_codes').where('expires_at', '<', dayAgo).executeTakeFirst();
      const grants = await db.deleteFrom('auth_oauth_grants').where('refresh_expires_at', '<', nowIso()).executeTakeFirst();
      return Number(codes.numDeletedRows) + Number(grants.numDeletedRows);
    },

    async revokeAllForUser(userId: string): Promise<void> {
      await db.deleteFrom('auth_oauth_grants').where('user_id', '=', userId).execute();
    },

    async revokeAllInWorkspace(workspaceId: string, userId: string): Promise<void> {
      await db.deleteFrom('auth_oauth_grants').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    },
  };
}

export type OAuthServerStore = ReturnType<typeof oauthServerStore>;
