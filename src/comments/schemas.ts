// The comment API shapes live in src/shared/comments.ts (the web app reads them too).
export { commentEditSchema, commentListSchema, commentSchema, mentionableSchema, newCommentSchema, type CommentView } from '../shared/comments.js';
