import type { Kysely } from 'kysely';
import type { Database } from '../platform/index.js';

// A leaf: the domains that own a data class (audit among them) implement this without importing
// retention's index, which imports audit back (retention records its purges in the audit trail).

/**
 * A kind of data a workspace can set a retention period for. Each domain registers its own classes
 * (workflow run history, chat, memory documents, uploads…) from its module's `install` (installModules in
 * src/modules.ts calls it per context in both processes, never at import); retention decides when, the
 * domain decides what "older than the cutoff" means and how to delete it (files, vectors, rows).
 *
 * @example
 * registerRetentionClass(ctx, {
 *   name: 'workflow_runs', label: 'Workflow run history', description: 'Finished runs and their step logs.',
 *   preview: async (db, ws, cutoff, limit) => { … return { ids, total }; },
 *   purge: async (db, ws, cutoff, ids) => { … return deletedCount; },
 * });
 */
export interface RetentionClass {
  /** Stable machine name: `audit`, `workflow_runs`, `chat`, `memory_documents`, `uploads`. */
  name: string;
  label: string;
  description: string;
  /** Shortest period a workspace may set (the audit trail keeps at least 30 days). */
  minimumDays?: number;
  /**
   * Items of the workspace older than `cutoffIso` (ISO-8601 UTC), oldest first: up to `limit` ids, and
   * how many there are in all. Must not change anything.
   */
  preview(db: Kysely<Database>, workspaceId: string, cutoffIso: string, limit: number): Promise<{ ids: string[]; total: number }>;
  /** Deletes those of `ids` that belong to the workspace and are still older than the cutoff; returns how many went. */
  purge(db: Kysely<Database>, workspaceId: string, cutoffIso: string, ids: string[]): Promise<number>;
}
