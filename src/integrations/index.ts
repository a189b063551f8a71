export { integrationsRoutes } from './routes.js';
export { integrationRuntime, type IntegrationRuntime } from './runtime.js';
export { integrationActions, integrationTriggers, piecesOf } from './registry.js';
export type { IntegrationAction, IntegrationTrigger, PieceContext, TriggerCursor } from './pieces.js';
