import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId, nowIso, parseJsonColumn, type Database } from '../platform/index.js';
import type { CommentRow } from './tables.js';
import './tables.js';

/** The member ids a comment mentions (its `mentions` JSON column). */
export const mentionsOf = (r: Pick<CommentRow, 'mentions'>): string[] => parseJsonColumn(z.array(z.string()), r.mentions, { column: 'workflow_comments.mentions' });

/** Comments of workflows; every read and write is scoped by workspace. */
export function commentStore(db: Kysely<Database>) {
  return {
    async create(input: { workspaceId: string; workflowId: string; stepId: string | null; parentId: string | null; authorId: string; body: string; mentions: string[] }): Promise<CommentRow> {
      const now = nowIso();
      const row: CommentRow = {
        id: newId(),
        workspace_id: input.workspaceId,
        workflow_id: input.workflowId,
        step_id: input.stepId,
        parent_id: input.parentId,
        author_id: input.authorId,
        body: input.body,
        mentions: JSON.stringify(input.mentions),
        created_at: now,
        updated_at: now,
        edited_at: null,
        deleted_at: null,
      };
      await db.insertInto('workflow_comments').values(row).execute();
      return row;
    },

    async get(workspaceId: string, id: string): Promise<CommentRow | undefined> {
      return db.selectFrom('workflow_comments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    },

    /** A workflow's comments in the order they were written; the web app nests replies under parents. */
    async list(workspaceId: string, workflowId: string, stepId?: string): Promise<CommentRow[]> {
      return db
        .selectFrom('workflow_comments')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('workflow_id', '=', workflowId)
        .$if(stepId !== undefined, (q) => q.where('step_id', '=', stepId!))
        .orderBy('created_at')
        .orderBy('id')
        .limit(2000)
        .execute();
    },

    async edit(workspaceId: string, id: string, body: string, mentions: string[]): Promise<void> {
      const now = nowIso();
      await db.updateTable('workflow_comments').set({ body, mentions: JSON.stringify(mentions), edited_at: now, updated_at: now }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** Keeps the row (replies stay in their thread) but forgets what it said. */
    /** Every comment of a deleted workflow. */
    async removeForWorkflow(workspaceId: string, workflowId: string): Promise<void> {
      await db.deleteFrom('workflow_comments').where('workspace_id', '=', workspaceId).where('workflow_id', '=', workflowId).execute();
    },

    async softDelete(workspaceId: string, id: string): Promise<void> {
      const now = nowIso();
      await db.updateTable('workflow_comments').set({ body: '', mentions: '[]', deleted_at: now, updated_at: now }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },
  };
}
