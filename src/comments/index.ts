import type { AtomModule } from '../platform/index.js';
import { commentsRoutes } from './routes.js';
/** Comments on workflows and steps, with @mentions that notify. */
export { commentsRoutes } from './routes.js';
export { commentSchema, type CommentView } from './schemas.js';

/** Comments as src/app.ts composes them (/api/workflows/:id/comments…). */
export const commentsModule: AtomModule = {
  name: 'comments',
  routes: (ctx) => [{ plugin: commentsRoutes(ctx), prefix: '/api' }],
};
