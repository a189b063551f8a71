import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface MemoryConnectionsTable {
  id: string;
  workspace_id: string;
  /** upload | folder | google_drive | onedrive */
  kind: string;
  name: string;
  owner_user_id: string | null;
  /** The account at the source (whose identity the source's sharing refers to). */
  account_email: string | null;
  /** JSON: source-specific settings (drive id, folder, base URL). */
  settings: Generated<string>;
  status: Generated<string>;
  last_error: string | null;
  last_sync_started_at: string | null;
  last_sync_finished_at: string | null;
  /** Who syncs it now and until when (ISO); a lapsed lease may be taken over. */
  sync_lease_owner: Generated<string | null>;
  sync_lease_until: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface MemoryDocumentsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  source: string;
  external_id: string;
  title: string;
  path: string | null;
  url: string | null;
  mime: string;
  owner: string | null;
  modified_at: string | null;
  revision: string | null;
  content_hash: string | null;
  size_bytes: Generated<number>;
  chunk_count: Generated<number>;
  /** JSON array of principal keys allowed to read (see search/principals.ts). */
  principals: Generated<string>;
  /** indexed | failed */
  status: string;
  sync_run_id: string | null;
  created_at: string;
  updated_at: string;
  indexed_at: string | null;
}

export interface MemoryFailuresTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  external_id: string;
  name: string;
  mime: string | null;
  code: string;
  reason: string;
  occurred_at: string;
}

export interface MemorySyncStateTable {
  connection_id: string;
  workspace_id: string;
  /** full (enumerating everything) | incremental (following changes) */
  phase: string;
  run_id: string;
  /** Where to continue the current listing (page token / nextLink); null at the start. */
  page_cursor: string | null;
  /** The token for the next incremental round (startPageToken / deltaLink). */
  next_cursor: string | null;
  pages_done: Generated<number>;
  items_seen: Generated<number>;
  updated_at: string;
}

/** The progress of one source sync, shared by every process (the API answers from it). */
export interface MemorySyncJobsTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  label: string;
  /** running | finished | failed (queued = running in phase `queued`) */
  status: string;
  /** queued | listing | full | incremental | done */
  phase: string;
  /** JSON: SyncJobSnapshot (sources/sync-progress.ts). */
  progress: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  updated_at: string;
}

export interface MemoryIndexesTable {
  id: string;
  embedder_id: string;
  table_name: string;
  dimensions: number;
  /** active | building | retired */
  status: string;
  documents_done: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MemoryQueriesTable {
  id: string;
  workspace_id: string;
  query: string;
  results: number;
  latency_ms: number;
  created_at: string;
}

declare module '../platform/db/schema.js' {
  interface Database {
    memory_connections: MemoryConnectionsTable;
    memory_documents: MemoryDocumentsTable;
    memory_failures: MemoryFailuresTable;
    memory_sync_state: MemorySyncStateTable;
    memory_indexes: MemoryIndexesTable;
    memory_sync_jobs: MemorySyncJobsTable;
    memory_queries: MemoryQueriesTable;
  }
}

export type MemoryConnection = Selectable<MemoryConnectionsTable>;
export type MemoryDocument = Selectable<MemoryDocumentsTable>;
export type NewMemoryDocument = Insertable<MemoryDocumentsTable>;
export type MemoryDocumentUpdate = Updateable<MemoryDocumentsTable>;
export type MemoryFailure = Selectable<MemoryFailuresTable>;
export type MemorySyncState = Selectable<MemorySyncStateTable>;
export type MemorySyncJobRow = Selectable<MemorySyncJobsTable>;
export type MemoryIndexRow = Selectable<MemoryIndexesTable>;
