import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../platform/index.js';
import { identitiesOf } from './identities.js';
import { hashSecret, randomSecret } from './secrets.js';
import './tables.js';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface SessionView {
  id: string;
  method: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

// last_seen_at is refreshed at most this often, so a busy browser does not write on every request.
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side browser sessions. The cookie carries a random secret; the database keeps only its hash,
 * so a database leak gives no usable session. A session ends at its absolute expiry, or earlier after
 * `idleMinutes` without a request.
 */
export function sessionRepository(db: Kysely<Database>, policy: SessionPolicy) {
  const idleMs = policy.idleMinutes * 60_000;
  /** Sessions whose last_seen_at this process is writing now. */
  const touching = new Set<string>();
  return {
    async create(input: { userId: string; method: string; ip: string | null; userAgent: string | null }) {
      const secret = randomSecret();
      const now = new Date();
      const row = {
        id: newId('ses'),
        token_hash: hashSecret(secret),
        user_id: input.userId,
        method: input.method,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + policy.maxHours * 3_600_000).toISOString(),
      };
      await db.insertInto('auth_sessions').values(row).execute();
      return { secret, session: row };
    },

    /**
     * The live session for a cookie secret, refreshing its last-seen time; undefined when expired or
     * unknown. Read in the same query, since every request with a session needs them: whether its user
     * still exists (`user_exists`), their last used workspace, and their role there now (null when they
     * are no longer a member).
     */
    async resolve(secret: string) {
      // With the user's verified accounts in their last used workspace (one row each, or one with nulls).
      const rows = await db
        .selectFrom('auth_sessions as s')
        .leftJoin('auth_users as u', 'u.id', 's.user_id')
        .leftJoin('auth_memberships as m', (j) => j.onRef('m.user_id', '=', 's.user_id').onRef('m.workspace_id', '=', 'u.last_workspace_id'))
        .leftJoin('integration_connections as c', (j) => j.onRef('c.user_id', '=', 's.user_id').onRef('c.workspace_id', '=', 'u.last_workspace_id').on('c.verified_email', 'is not', null))
        .selectAll('s')
        .select(['u.id as user_exists', 'u.last_workspace_id as last_workspace_id', 'm.role as last_workspace_role', 'c.verified_email as identity_email', 'c.verified_domain as identity_domain'])
        .where('s.token_hash', '=', hashSecret(secret))
        .execute();
      const found = rows[0];
      if (!found) return undefined;
      const { user_exists, last_workspace_id, last_workspace_role, identity_email: _email, identity_domain: _domain, ...row } = found;
      const now = Date.now();
      const idleExpired = Date.parse(row.last_seen_at) + idleMs <= now;
      if (idleExpired || Date.parse(row.expires_at) <= now) {
        await db.deleteFrom('auth_sessions').where('id', '=', row.id).execute();
        return undefined;
      }
      if (now - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS && !touching.has(row.id)) {
        // One write per burst: concurrent requests of one session would each queue on the row lock with a
        // pooled connection held (see api-tokens.ts); the condition keeps replicas from repeating it.
        touching.add(row.id);
        try {
          await db
            .updateTable('auth_sessions')
            .set({ last_seen_at: nowIso() })
            .where('id', '=', row.id)
            .where('last_seen_at', '<', new Date(now - TOUCH_EVERY_MS).toISOString())
            .execute();
        } finally {
          touching.delete(row.id);
        }
      }
      return { ...row, user: user_exists === null ? undefined : { id: user_exists, lastWorkspaceId: last_workspace_id, lastWorkspaceRole: last_workspace_role, lastWorkspaceIdentities: identitiesOf(rows) } };
    },

    async listForUser(userId: string): Promise<SessionView[]> {
      const cutoff = new Date(Date.now() - idleMs).toISOString();
      const rows = await db
        .selectFrom('auth_sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', nowIso())
        .where('last_seen_at', '>', cutoff)
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        method: r.method,
        ip: r.ip,
        userAgent: r.user_agent,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
      }));
    },

    /** Ends one of the user's sessions; false when it is not theirs (or gone). */
    async revoke(userId: string, sessionId: string): Promise<boolean> {
      const r = await db.deleteFrom('auth_sessions').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async revokeBySecret(secret: string): Promise<void> {
      await db.deleteFrom('auth_sessions').where('token_hash', '=', hashSecret(secret)).execute();
    },

    /** Ends every session of the user, except `keepId` when given; returns how many ended. */
    async revokeAll(userId: string, keepId?: string): Promise<number> {
      let q = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
      if (keepId) q = q.where('id', '!=', keepId);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async purgeExpired(): Promise<number> {
      const cutoff = new Date(Date.now() - idleMs).toISOString();
      const r = await db
        .deleteFrom('auth_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', nowIso()), eb('last_seen_at', '<=', cutoff)]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type SessionRepository = ReturnType<typeof sessionRepository>;
