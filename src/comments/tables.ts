import type { Selectable } from 'kysely';

export interface WorkflowCommentsTable {
  id: string;
  workspace_id: string;
  workflow_id: string;
  /** Null: the comment is about the whole workflow. */
  step_id: string | null;
  /** Null: the first comment of a thread. */
  parent_id: string | null;
  author_id: string;
  body: string;
  /** JSON array of mentioned user ids. */
  mentions: string;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
  /** Soft delete: a deleted comment keeps its place in its thread so replies still make sense. */
  deleted_at: string | null;
}

export type CommentRow = Selectable<WorkflowCommentsTable>;

declare module '../platform/db/schema.js' {
  interface Database {
    workflow_comments: WorkflowCommentsTable;
  }
}
