import type { AtomModule } from '../platform/index.js';
import { integrationsRoutes } from './routes.js';
import { integrationActions } from './registry.js';
import { registerWorkflowActions } from './workflow-actions.js';
import { actionRegistry } from '../workflows/index.js';
export { integrationsRoutes } from './routes.js';
export { integrationRuntime, type IntegrationRuntime } from './runtime.js';
export { integrationActions, integrationTriggers, piecesOf } from './registry.js';
// For `atom worker`, which builds no app: the integration actions as workflow actions.
export { registerWorkflowActions } from './workflow-actions.js';
export type { IntegrationAction, IntegrationTrigger, PieceContext, TriggerCursor } from './pieces.js';
// For the memory domain: Drive / OneDrive sources sync with the tokens of a user's connection.
export { oauthEngine } from './oauth/index.js';
export { connectionRepository as integrationConnections, type ConnectionRow as IntegrationConnectionRow } from './connections/connection-repository.js';
// Every request of a memory sync goes through the same SSRF guard as the HTTP action.
export { createGuardedFetch } from '../platform/outbound/index.js';
// For live views: connection health changes.
export { onConnectionHealthChanged, type ConnectionHealthChange } from './connections/health-listeners.js';

/** Integrations as src/app.ts composes them: the catalog, connections and OAuth apps (each under its own /api path). */
export const integrationsModule: AtomModule = {
  name: 'integrations',
  // Every service's operations become workflow actions of this context (connection handling in workflow-actions.ts).
  install: (ctx) => registerWorkflowActions(ctx, actionRegistry(ctx), integrationActions),
  routes: (ctx) => [{ plugin: integrationsRoutes(ctx) }],
};
