import type { Selectable } from 'kysely';
import { createVault } from '../../vault/index.js';
import { z } from 'zod';
import { errors, newId, nowIso, parseJsonColumn, type AppContext } from '../../platform/index.js';
import { forgetInRequest, inRequest } from '../../platform/request-scope.js';
import { providerOptionsSchema, type ProviderCredentials } from '../providers/language-model.js';
import type { ProviderId } from '../providers/catalog.js';
import type { AiKeysTable } from '../tables.js';

/** A stored key as the API shows it: masked, never the secret. */
export interface MaskedKey {
  id: string;
  provider: ProviderId;
  label: string;
  scope: 'user' | 'workspace';
  baseUrl: string | null;
  hint: string;
  models: string[];
  validatedAt: string;
  createdAt: string;
}

/** `sk-…a1b2`: recognisable, useless to anyone who reads it. Short keys show nothing. */
export function maskSecret(secret: string): string {
  if (secret.length === 0) return '(none)';
  if (secret.length < 12) return '…';
  return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
}

type KeyRow = Selectable<AiKeysTable>;

const toMasked = (r: KeyRow): MaskedKey => ({
  id: r.id,
  provider: r.provider as ProviderId,
  label: r.label,
  scope: r.owner_user_id ? 'user' : 'workspace',
  baseUrl: r.base_url,
  hint: r.secret_hint,
  models: parseJsonColumn(z.array(z.string()), r.models, { column: 'ai_keys.models' }),
  validatedAt: r.validated_at,
  createdAt: r.created_at,
});

export interface SaveKeyInput {
  workspaceId: string;
  ownerUserId: string | null;
  provider: ProviderId;
  label: string;
  baseUrl: string | null;
  options: ProviderCredentials['options'];
  apiKey: string;
  models: string[];
  createdBy: string;
}

/**
 * The model keys of a workspace and its members. Secrets are sealed by the vault on the way in and only
 * opened to build a provider client for one call.
 */
export function createKeyStore(ctx: AppContext) {
  const vault = createVault(ctx);
  /**
   * The caller's own keys and the workspace's, oldest first. A chat turn needs them several times (the
   * model to use, its credentials, the secrets to scrub): read once per request.
   */
  const visible = (workspaceId: string, userId: string): Promise<readonly KeyRow[]> =>
    inRequest(`ai_keys:${workspaceId}:${userId}`, () =>
      ctx.db
        .selectFrom('ai_keys')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('owner_user_id', 'is', null), eb('owner_user_id', '=', userId)]))
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    );

  const credentials = (r: KeyRow): ProviderCredentials => ({
    provider: r.provider as ProviderId,
    apiKey: vault.open(r.secret_sealed),
    baseUrl: r.base_url,
    options: parseJsonColumn(providerOptionsSchema, r.options, { column: 'ai_keys.options' }),
  });

  return {
    async save(input: SaveKeyInput): Promise<MaskedKey> {
      const now = nowIso();
      const row: KeyRow = {
        id: newId('aik'),
        workspace_id: input.workspaceId,
        owner_user_id: input.ownerUserId,
        provider: input.provider,
        label: input.label,
        base_url: input.baseUrl,
        options: JSON.stringify(input.options),
        secret_sealed: vault.seal(input.apiKey),
        secret_hint: maskSecret(input.apiKey),
        models: JSON.stringify(input.models),
        validated_at: now,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      };
      await ctx.db.insertInto('ai_keys').values(row).execute();
      forgetInRequest(`ai_keys:${input.workspaceId}:`);
      return toMasked(row);
    },

    async list(workspaceId: string, userId: string): Promise<MaskedKey[]> {
      return (await visible(workspaceId, userId)).map(toMasked);
    },

    async get(workspaceId: string, userId: string, id: string): Promise<MaskedKey> {
      const row = (await visible(workspaceId, userId)).find((r) => r.id === id);
      if (!row) throw errors.notFound('The key', 'ai.key.not_found');
      return toMasked(row);
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      const r = await ctx.db.deleteFrom('ai_keys').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      forgetInRequest(`ai_keys:${workspaceId}:`);
      if (Number(r.numDeletedRows) === 0) throw errors.notFound('The key', 'ai.key.not_found');
    },

    /** The owner of a key (null: a workspace key), for permission checks before removing it. */
    async ownerOf(workspaceId: string, id: string): Promise<{ ownerUserId: string | null } | undefined> {
      const r = await ctx.db.selectFrom('ai_keys').select('owner_user_id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return r ? { ownerUserId: r.owner_user_id } : undefined;
    },

    /**
     * The key a call for this provider uses: the caller's own first, then the workspace's. Newest wins
     * within a scope.
     */
    async credentialsFor(workspaceId: string, userId: string, provider: ProviderId): Promise<(ProviderCredentials & { keyId: string }) | undefined> {
      const rows = (await visible(workspaceId, userId)).filter((r) => r.provider === provider).reverse();
      const row = rows.find((r) => r.owner_user_id === userId) ?? rows[0];
      return row ? { ...credentials(row), keyId: row.id } : undefined;
    },

    /** Every opened secret visible to this caller, so tool outputs can be scrubbed of them. */
    async secretsOf(workspaceId: string, userId: string): Promise<string[]> {
      return (await visible(workspaceId, userId)).map((r) => credentials(r).apiKey).filter((k) => k.length >= 8);
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
