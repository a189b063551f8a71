import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError, nowIso, type Database } from '../../platform/index.js';
import type { Vault } from '../../vault/index.js';
import type { IntegrationOauthStatesTable } from '../tables.js';
import '../tables.js';

const KEY_ROW = 'integrations.oauth_state_key';

/**
 * The HMAC key for OAuth `state`, shared by every process through the database (sealed by the vault), so a
 * consent started on one replica can finish on another.
 */
async function stateKey(db: Kysely<Database>, vault: Vault): Promise<Buffer> {
  const existing = await db.selectFrom('atom_meta').select('value').where('key', '=', KEY_ROW).executeTakeFirst();
  if (existing) return Buffer.from(vault.open(existing.value), 'base64');
  await db
    .insertInto('atom_meta')
    .values({ key: KEY_ROW, value: vault.seal(randomBytes(32).toString('base64')), updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('atom_meta').select('value').where('key', '=', KEY_ROW).executeTakeFirstOrThrow();
  return Buffer.from(vault.open(row.value), 'base64');
}

const mac = (key: Buffer, id: string, userId: string, workspaceId: string, expiresAt: string) =>
  createHmac('sha256', key).update(`${id}\n${userId}\n${workspaceId}\n${expiresAt}`).digest('base64url');

export interface NewState {
  workspaceId: string;
  userId: string;
  serviceId: string;
  verifier: string;
  redirectUri: string;
  label: string | null;
  personal: boolean;
  returnTo: string | null;
  access: 'read' | 'write';
  ttlSeconds: number;
}

const invalid = (why: string) =>
  new AppError('integrations.oauth.invalid_state', `This sign-in link is not valid (${why}). Start connecting again from Atom.`, { status: 400 });

/**
 * Signed, single-use OAuth `state`: `<id>.<hmac>` where the HMAC binds the id to the user, workspace and
 * expiry stored server side. Consuming it is one conditional UPDATE, so a replayed callback fails.
 */
export function oauthStates(db: Kysely<Database>, vault: Vault) {
  return {
    async create(s: NewState): Promise<{ state: string; expiresAt: string }> {
      const key = await stateKey(db, vault);
      const id = randomBytes(18).toString('base64url');
      const expiresAt = new Date(Date.now() + s.ttlSeconds * 1000).toISOString();
      await db
        .insertInto('integration_oauth_states')
        .values({
          id,
          workspace_id: s.workspaceId,
          user_id: s.userId,
          service_id: s.serviceId,
          verifier_sealed: vault.seal(s.verifier),
          redirect_uri: s.redirectUri,
          label: s.label,
          personal: s.personal ? 1 : 0,
          return_to: s.returnTo,
          access: s.access === 'write' ? 'write' : null,
          expires_at: expiresAt,
          consumed_at: null,
          created_at: nowIso(),
        })
        .execute();
      return { state: `${id}.${mac(key, id, s.userId, s.workspaceId, expiresAt)}`, expiresAt };
    },

    /** Verifies and uses up a state; `callerUserId`, when the callback comes with a session, must match. */
    async consume(state: string, callerUserId: string | undefined): Promise<IntegrationOauthStatesTable & { verifier: string }> {
      const [id, signature] = state.split('.');
      if (!id || !signature) throw invalid('malformed');
      const row = await db.selectFrom('integration_oauth_states').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw invalid('unknown');
      const expected = Buffer.from(mac(await stateKey(db, vault), row.id, row.user_id, row.workspace_id, row.expires_at));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid('bad signature');
      if (row.expires_at < nowIso()) throw invalid('expired');
      if (callerUserId !== undefined && callerUserId !== row.user_id) throw invalid('it was started by someone else');
      const used = await db
        .updateTable('integration_oauth_states')
        .set({ consumed_at: nowIso() })
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1) throw invalid('already used');
      return { ...row, verifier: vault.open(row.verifier_sealed) };
    },

    /** Drops states that expired a day ago (called by the periodic sweep). */
    async prune(): Promise<number> {
      const r = await db.deleteFrom('integration_oauth_states').where('expires_at', '<', new Date(Date.now() - 86_400_000).toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export type OauthStates = ReturnType<typeof oauthStates>;
