declare module '../platform/db/schema.js' {
  interface Database {
    retention_policy: RetentionPolicyTable;
    retention_workspace: RetentionWorkspaceTable;
  }
}

/** How long one workspace keeps one data class. No row, or keep_days null: forever. */
export interface RetentionPolicyTable {
  workspace_id: string;
  data_class: string;
  keep_days: number | null;
  updated_at: string;
  updated_by: string | null;
}

/** A workspace's legal hold switch and its last purge. */
export interface RetentionWorkspaceTable {
  workspace_id: string;
  /** 1 while a legal hold suspends every purge of the workspace. */
  legal_hold: number;
  legal_hold_reason: string | null;
  legal_hold_set_by: string | null;
  legal_hold_set_at: string | null;
  last_purge_at: string | null;
  /** JSON: what the last purge removed per class. */
  last_purge_summary: string | null;
  updated_at: string;
}

export {};
