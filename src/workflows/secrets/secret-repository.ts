import type { Kysely } from 'kysely';
import { z } from 'zod';
import { nowIso, type Database } from '../../platform/index.js';
import type { Vault } from '../../vault/index.js';
import '../tables.js';

/** A secret name is a JSONata name, so expressions can say `secrets.STRIPE_KEY`. */
export const secretNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'must start with a letter or _ and hold only letters, digits and _ (at most 64)' });

export interface SecretInfo {
  name: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Named secrets of a workspace for workflow steps. Values go in sealed and come out only through
 * `resolve` (called by the engine inside an action, at call time); listing never returns them.
 */
export function createSecretStore(db: Kysely<Database>, vault: Vault) {
  return {
    async set(workspaceId: string, name: string, value: string, userId: string): Promise<SecretInfo> {
      const now = nowIso();
      const sealed = vault.seal(value);
      const updated = await db.updateTable('workflow_secrets').set({ value_sealed: sealed, updated_at: now }).where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await db.insertInto('workflow_secrets').values({ workspace_id: workspaceId, name, value_sealed: sealed, created_by: userId, created_at: now, updated_at: now }).execute();
      }
      const row = await db.selectFrom('workflow_secrets').select(['name', 'created_by', 'created_at', 'updated_at']).where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirstOrThrow();
      return { name: row.name, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at };
    },

    async list(workspaceId: string): Promise<SecretInfo[]> {
      const rows = await db.selectFrom('workflow_secrets').select(['name', 'created_by', 'created_at', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('name').execute();
      return rows.map((r) => ({ name: r.name, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at }));
    },

    async names(workspaceId: string): Promise<Set<string>> {
      const rows = await db.selectFrom('workflow_secrets').select('name').where('workspace_id', '=', workspaceId).execute();
      return new Set(rows.map((r) => r.name));
    },

    /** True when it existed. */
    async remove(workspaceId: string, name: string): Promise<boolean> {
      const r = await db.deleteFrom('workflow_secrets').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** The plain value, for the engine to hand to an action; undefined when not set. */
    async resolve(workspaceId: string, name: string): Promise<string | undefined> {
      const row = await db.selectFrom('workflow_secrets').select('value_sealed').where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      return row ? vault.open(row.value_sealed) : undefined;
    },
  };
}

export type SecretStore = ReturnType<typeof createSecretStore>;
