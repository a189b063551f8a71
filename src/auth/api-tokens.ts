import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../platform/index.js';
import { identitiesOf } from './identities.js';
import { hashSecret, newApiToken } from './secrets.js';
import './tables.js';

export interface ApiTokenView {
  id: string;
  name: string;
  /** The first characters of the token, enough to recognise it; the rest is never shown again. */
  prefix: string;
  role: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const toView = (r: Database['auth_api_tokens']): ApiTokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

const TOUCH_EVERY_MS = 60_000;

/** Personal API tokens: scoped to one workspace and a role, stored as hashes, shown once at creation. */
export function apiTokenRepository(db: Kysely<Database>) {
  /** Tokens whose last_used_at this process is writing now. */
  const touching = new Set<string>();
  return {
    async create(input: { userId: string; workspaceId: string; name: string; role: string; expiresAt: string | null }) {
      const token = newApiToken();
      const row = {
        id: newId('tok'),
        token_hash: hashSecret(token),
        prefix: token.slice(0, 12),
        name: input.name.trim(),
        user_id: input.userId,
        workspace_id: input.workspaceId,
        role: input.role,
        created_at: nowIso(),
        expires_at: input.expiresAt,
        last_used_at: null,
      };
      await db.insertInto('auth_api_tokens').values(row).execute();
      return { token, view: toView(row) };
    },

    /**
     * The live token for a bearer secret (recording its use), or undefined when unknown or expired, with
     * its owner's current role in the token's workspace (`member_role`, null once they left it): read in
     * the same query, since every API call with a token needs both.
     */
    async resolve(secret: string) {
      // With the owner's verified accounts in the token's workspace (one row each, or one with nulls).
      const rows = await db
        .selectFrom('auth_api_tokens as t')
        .leftJoin('auth_memberships as m', (j) => j.onRef('m.workspace_id', '=', 't.workspace_id').onRef('m.user_id', '=', 't.user_id'))
        .leftJoin('integration_connections as c', (j) => j.onRef('c.workspace_id', '=', 't.workspace_id').onRef('c.user_id', '=', 't.user_id').on('c.verified_email', 'is not', null))
        .selectAll('t')
        .select(['m.role as member_role', 'c.verified_email as identity_email', 'c.verified_domain as identity_domain'])
        .where('t.token_hash', '=', hashSecret(secret))
        .execute();
      const first = rows[0];
      if (!first) return undefined;
      const { identity_email: _email, identity_domain: _domain, ...token } = first;
      const row = { ...token, identities: identitiesOf(rows) };
      if (row.expires_at && Date.parse(row.expires_at) <= Date.now()) return undefined;
      if ((!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) && !touching.has(row.id)) {
        // A burst of requests with one token after a quiet minute all see a stale last_used_at. Writing
        // it (and auditing the use) once per burst matters: each write queues on the row lock, each
        // audit entry on its chain's lock, every one holding a pooled connection, and under load that
        // drained the pool (docs/reliability.md, "Load"). So one request per process writes, and the
        // write is conditional so only one process wins across replicas.
        touching.add(row.id);
        try {
          const now = nowIso();
          const stale = new Date(Date.now() - TOUCH_EVERY_MS).toISOString();
          const r = await db
            .updateTable('auth_api_tokens')
            .set({ last_used_at: now })
            .where('id', '=', row.id)
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', stale)]))
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) > 0) return { ...row, last_used_at: now, firstUseInWindow: true };
        } finally {
          touching.delete(row.id);
        }
      }
      return { ...row, firstUseInWindow: false };
    },

    async list(workspaceId: string, userId: string): Promise<ApiTokenView[]> {
      const rows = await db
        .selectFrom('auth_api_tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toView);
    },

    async find(workspaceId: string, userId: string, id: string): Promise<ApiTokenView | undefined> {
      const r = await db
        .selectFrom('auth_api_tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? toView(r) : undefined;
    },

    async revoke(workspaceId: string, userId: string, id: string): Promise<boolean> {
      const r = await db
        .deleteFrom('auth_api_tokens')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** Every token of the user in every workspace (after a password change); returns how many ended. */
    async revokeAllForUser(userId: string): Promise<number> {
      const r = await db.deleteFrom('auth_api_tokens').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    /** A member who leaves a workspace takes no access with them. */
    async revokeAllInWorkspace(workspaceId: string, userId: string): Promise<void> {
      await db.deleteFrom('auth_api_tokens').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    },
  };
}

export type ApiTokenRepository = ReturnType<typeof apiTokenRepository>;
