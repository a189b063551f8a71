declare module '../platform/db/schema.js' {
  interface Database {
    collab_documents: CollabDocumentsTable;
    collab_updates: CollabUpdatesTable;
    collab_version_authors: CollabVersionAuthorsTable;
  }
}

export interface CollabDocumentsTable {
  workflow_id: string;
  workspace_id: string;
  /** Base64 Yjs update holding the whole document up to the last compaction. */
  snapshot: string | null;
  /** The workflow version the document was seeded from or last saved as. */
  base_version: number;
  /** JSON array of user ids who edited since the last saved version. */
  authors: string;
  updated_at: string;
}

export interface CollabUpdatesTable {
  /** UUIDv7: time-ordered, so compaction deletes "up to this id". */
  id: string;
  workflow_id: string;
  /** Base64 Yjs update. */
  update: string;
  author_id: string | null;
  created_at: string;
}

export interface CollabVersionAuthorsTable {
  workflow_id: string;
  version: number;
  /** JSON array of user ids. */
  authors: string;
  created_at: string;
}
