import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { newId, nowIso, type Database } from '../platform/index.js';
import './tables.js';

const toB64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

export interface StoredDocument {
  /** The whole document as one Yjs update (snapshot merged with the appended updates). */
  state: Uint8Array | undefined;
  baseVersion: number;
  authors: string[];
  /** Appended updates not yet folded into the snapshot. */
  pending: number;
}

/**
 * Persistence of co-edited drafts: every update is appended as it arrives (cheap, never rewrites), and
 * `compact` folds them into one snapshot. Updates commute in Yjs, so replicas may append in any order.
 */
export function createCollabStore(db: Kysely<Database>) {
  const parseAuthors = (s: string | undefined): string[] => {
    try {
      const v: unknown = JSON.parse(s ?? '[]');
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };

  return {
    async load(workflowId: string): Promise<StoredDocument> {
      const row = await db.selectFrom('collab_documents').selectAll().where('workflow_id', '=', workflowId).executeTakeFirst();
      const updates = await db.selectFrom('collab_updates').select('update').where('workflow_id', '=', workflowId).orderBy('id').execute();
      const parts = [...(row?.snapshot ? [fromB64(row.snapshot)] : []), ...updates.map((u) => fromB64(u.update))];
      return { state: parts.length ? Y.mergeUpdates(parts) : undefined, baseVersion: row?.base_version ?? 0, authors: parseAuthors(row?.authors), pending: updates.length };
    },

    /** Appends one update; records its author among the people who edited since the last version. */
    async append(workspaceId: string, workflowId: string, update: Uint8Array, authorId: string | null): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('collab_updates').values({ id: newId(), workflow_id: workflowId, update: toB64(update), author_id: authorId, created_at: nowIso() }).execute();
        const row = await trx.selectFrom('collab_documents').select('authors').where('workflow_id', '=', workflowId).executeTakeFirst();
        if (!row) {
          await trx.insertInto('collab_documents').values({ workflow_id: workflowId, workspace_id: workspaceId, snapshot: null, base_version: 0, authors: JSON.stringify(authorId ? [authorId] : []), updated_at: nowIso() }).execute();
          return;
        }
        const authors = parseAuthors(row.authors);
        if (authorId && !authors.includes(authorId)) {
          await trx.updateTable('collab_documents').set({ authors: JSON.stringify([...authors, authorId]), updated_at: nowIso() }).where('workflow_id', '=', workflowId).execute();
        }
      });
    },

    /** Folds the appended updates into the snapshot (only the ones read, so concurrent appends stay). */
    async compact(workflowId: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('collab_documents').select('snapshot').where('workflow_id', '=', workflowId).executeTakeFirst();
        if (!row) return 0;
        const updates = await trx.selectFrom('collab_updates').select(['id', 'update']).where('workflow_id', '=', workflowId).orderBy('id').execute();
        if (updates.length === 0) return 0;
        const merged = Y.mergeUpdates([...(row.snapshot ? [fromB64(row.snapshot)] : []), ...updates.map((u) => fromB64(u.update))]);
        await trx.updateTable('collab_documents').set({ snapshot: toB64(merged), updated_at: nowIso() }).where('workflow_id', '=', workflowId).execute();
        for (let i = 0; i < updates.length; i += 500) {
          await trx.deleteFrom('collab_updates').where('id', 'in', updates.slice(i, i + 500).map((u) => u.id)).execute();
        }
        return updates.length;
      });
    },

    /** Starts the document over from a saved version (the whole state becomes the new snapshot). */
    async reset(workspaceId: string, workflowId: string, state: Uint8Array, baseVersion: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('collab_updates').where('workflow_id', '=', workflowId).execute();
        await trx.deleteFrom('collab_documents').where('workflow_id', '=', workflowId).execute();
        await trx.insertInto('collab_documents').values({ workflow_id: workflowId, workspace_id: workspaceId, snapshot: toB64(state), base_version: baseVersion, authors: '[]', updated_at: nowIso() }).execute();
      });
    },

    /** After a version was saved from the document: remember its authors and start a new author list. */
    async recordVersion(workflowId: string, version: number, authors: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('collab_version_authors').values({ workflow_id: workflowId, version, authors: JSON.stringify(authors), created_at: nowIso() }).execute();
        await trx.updateTable('collab_documents').set({ authors: '[]', base_version: version, updated_at: nowIso() }).where('workflow_id', '=', workflowId).execute();
      });
    },

    async versionAuthors(workflowId: string): Promise<{ version: number; authors: string[] }[]> {
      const rows = await db.selectFrom('collab_version_authors').select(['version', 'authors']).where('workflow_id', '=', workflowId).orderBy('version', 'desc').execute();
      return rows.map((r) => ({ version: r.version, authors: parseAuthors(r.authors) }));
    },

    async remove(workflowId: string): Promise<void> {
      await db.deleteFrom('collab_updates').where('workflow_id', '=', workflowId).execute();
      await db.deleteFrom('collab_documents').where('workflow_id', '=', workflowId).execute();
    },

    /** Every trace of a deleted workflow: draft, pending updates and the co-author record of its versions. */
    async forget(workflowId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('collab_updates').where('workflow_id', '=', workflowId).execute();
        await trx.deleteFrom('collab_documents').where('workflow_id', '=', workflowId).execute();
        await trx.deleteFrom('collab_version_authors').where('workflow_id', '=', workflowId).execute();
      });
    },
  };
}

export type CollabStore = ReturnType<typeof createCollabStore>;
