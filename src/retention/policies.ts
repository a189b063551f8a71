import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../platform/index.js';
import './tables.js';

export interface LegalHold {
  enabled: boolean;
  reason: string | null;
  setBy: string | null;
  setAt: string | null;
}

/** Retention policies and the legal hold, per workspace. */
export function retentionPolicies(db: Kysely<Database>) {
  return {
    /** keep_days per class name for the workspace; classes without a row are absent (= forever). */
    async keepDaysByClass(workspaceId: string): Promise<Map<string, number | null>> {
      const rows = await db.selectFrom('retention_policy').select(['data_class', 'keep_days']).where('workspace_id', '=', workspaceId).execute();
      return new Map(rows.map((r) => [r.data_class, r.keep_days]));
    },

    async setKeepDays(workspaceId: string, dataClass: string, keepDays: number | null, by: string | null): Promise<void> {
      const now = nowIso();
      await db
        .insertInto('retention_policy')
        .values({ workspace_id: workspaceId, data_class: dataClass, keep_days: keepDays, updated_at: now, updated_by: by })
        .onConflict((oc) => oc.columns(['workspace_id', 'data_class']).doUpdateSet({ keep_days: keepDays, updated_at: now, updated_by: by }))
        .execute();
    },

    async workspace(workspaceId: string) {
      return db.selectFrom('retention_workspace').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    },

    async legalHold(workspaceId: string): Promise<LegalHold> {
      const row = await this.workspace(workspaceId);
      return {
        enabled: row?.legal_hold === 1,
        reason: row?.legal_hold_reason ?? null,
        setBy: row?.legal_hold_set_by ?? null,
        setAt: row?.legal_hold_set_at ?? null,
      };
    },

    async setLegalHold(workspaceId: string, enabled: boolean, reason: string | null, by: string | null): Promise<void> {
      const now = nowIso();
      const values = { legal_hold: enabled ? 1 : 0, legal_hold_reason: enabled ? reason : null, legal_hold_set_by: by, legal_hold_set_at: now, updated_at: now };
      await db
        .insertInto('retention_workspace')
        .values({ workspace_id: workspaceId, ...values })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
        .execute();
    },

    async recordPurge(workspaceId: string, summary: unknown): Promise<void> {
      const now = nowIso();
      const values = { last_purge_at: now, last_purge_summary: JSON.stringify(summary), updated_at: now };
      await db
        .insertInto('retention_workspace')
        .values({ workspace_id: workspaceId, legal_hold: 0, ...values })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
        .execute();
    },

    /** Workspaces with at least one finite period: the scheduled purge visits only these. */
    async workspacesWithPolicies(): Promise<string[]> {
      const rows = await db.selectFrom('retention_policy').select('workspace_id').distinct().where('keep_days', 'is not', null).orderBy('workspace_id').execute();
      return rows.map((r) => r.workspace_id);
    },
  };
}
