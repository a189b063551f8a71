declare module '../platform/db/schema.js' {
  interface Database {
    audit_log: AuditLogTable;
    audit_chain_head: AuditChainHeadTable;
  }
}

/**
 * One audit entry. Rows are only ever inserted (and removed as a prefix by retention); `hash` covers the
 * row's canonical serialization including `prev_hash`, the hash of the row before it in the same chain.
 */
export interface AuditLogTable {
  id: string;
  /** The workspace id, or `_system` for events outside any workspace. */
  chain: string;
  /** 1, 2, 3… within the chain, without gaps. */
  seq: number;
  workspace_id: string | null;
  occurred_at: string;
  actor_id: string | null;
  actor_type: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  /** Canonical JSON (sorted keys), exactly the text the hash covers. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  chain: string;
  /** Seq and hash of the newest row. */
  seq: number;
  hash: string;
  /** Retention removed rows 1..pruned_through_seq; the first remaining row links to pruned_through_hash. */
  pruned_through_seq: number;
  pruned_through_hash: string;
  updated_at: string;
}

export {};
