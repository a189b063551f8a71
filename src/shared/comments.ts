import { z } from 'zod';

/** Comment API shapes (server schemas; the web app imports their types). zod only. */

export const personSchema = z.object({ id: z.string(), name: z.string() });

export const commentSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  stepId: z.string().nullable().describe('The step the comment is about; null: the whole workflow'),
  parentId: z.string().nullable().describe('The comment this replies to'),
  author: personSchema,
  body: z.string().describe('Empty once deleted'),
  mentions: z.array(personSchema),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
});
export type CommentView = z.infer<typeof commentSchema>;
export type Person = z.infer<typeof personSchema>;

const body = z.string().trim().min(1).max(10_000);
const mentionIds = z.array(z.string().min(1).max(100)).max(50).default([]).describe('User ids mentioned (the web app sends the ones it autocompleted); `@email` in the body also mentions');

export const newCommentSchema = z.object({
  body,
  stepId: z.string().min(1).max(200).optional(),
  parentId: z.string().min(1).max(100).optional(),
  mentions: mentionIds,
});

export const commentEditSchema = z.object({ body, mentions: mentionIds });
/** What the web app sends to add a comment (before defaults). */
export type NewComment = z.input<typeof newCommentSchema>;

export const mentionableSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type Mentionable = z.infer<typeof mentionableSchema>;

/** GET /api/workflows/:id/comments */
export const commentListSchema = z.object({ items: z.array(commentSchema) });
