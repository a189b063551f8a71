/**
 * Real-time co-editing of workflow drafts (Yjs): the WebSocket sync route, the document store and the
 * model shared with the web editor.
 */
export { collabRoutes } from './routes.js';
export { createCollabStore, type CollabStore } from './collab-doc-repository.js';
export * as collabModel from './model.js';
