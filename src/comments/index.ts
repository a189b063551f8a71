/** Comments on workflows and steps, with @mentions that notify. */
export { commentsRoutes } from './routes.js';
export { commentSchema, type CommentView } from './schemas.js';
