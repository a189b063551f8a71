import type { Authenticator } from '../platform/http/index.js';
import type { AtomModule } from '../platform/index.js';
import { collabRoutes } from './routes.js';
/**
 * Real-time co-editing of workflow drafts (Yjs): the WebSocket sync route, the document store and the
 * model shared with the web editor.
 */
export { collabRoutes } from './routes.js';
export { createCollabStore, type CollabStore } from './collab-doc-repository.js';
export * as collabModel from './model.js';

/** Co-editing as src/app.ts composes it (/api/workflows/:id/collab); an open socket re-checks its holder with the plain authenticator. */
export const collabModule: AtomModule<object, { authenticator: Authenticator }> = {
  name: 'collab',
  routes: (ctx, deps) => [{ plugin: collabRoutes(ctx, { authenticator: deps.authenticator }), prefix: '/api/workflows' }],
};
