import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/index.js';
import { catalogRoutes } from './catalog/routes.js';
import { scheduleHealthChecks } from './connections/health-check.js';
import { registerConnectionMetrics } from './connections/metrics.js';
import { connectionRoutes } from './connections/routes.js';
import { actionRegistry, workflowRuntime } from '../workflows/index.js';
import { integrationActions, integrationTriggers, piecesOf } from './registry.js';
import { scheduleTriggerPolling } from './triggers/poller.js';
import { registerWorkflowActions } from './workflow-actions.js';
import { integrationRuntime } from './runtime.js';

/**
 * The integrations domain's routes: the catalog (/api/integrations), connections (/api/connections) and
 * the OAuth callback (/api/oauth/callback). Registered without a prefix because it owns three roots.
 */
export function integrationsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const rt = integrationRuntime(ctx);
  registerWorkflowActions(ctx, actionRegistry, integrationActions);
  registerConnectionMetrics(ctx);
  return async (app) => {
    await app.register(catalogRoutes({ settings: rt.settings, piecesOf }));
    await app.register(connectionRoutes(ctx));
    const stopChecks = scheduleHealthChecks(ctx);
    const stopPolling = scheduleTriggerPolling(ctx, () => workflowRuntime(ctx).events, integrationTriggers);
    app.addHook('onClose', async () => {
      stopChecks();
      await stopPolling();
    });
  };
}
