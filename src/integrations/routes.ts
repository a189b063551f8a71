import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/index.js';
import { catalogRoutes } from './catalog/routes.js';
import { oauthAppRoutes } from './oauth/app-routes.js';
import { oauthAppStore } from './oauth/apps.js';
import { scheduleHealthChecks } from './connections/health-check.js';
import { registerConnectionMetrics } from './connections/metrics.js';
import { connectionRoutes } from './connections/routes.js';
import { setKnownIntegrationTriggers, workflowRuntime } from '../workflows/index.js';
import { declaredService, integrationTriggers, piecesOf } from './registry.js';
import { scheduleTriggerPolling } from './triggers/poller.js';
import { integrationRuntime } from './runtime.js';
import { settingsForm } from './kit/settings-form.js';

const serverForm = (serviceId: string) => {
  const settings = declaredService(serviceId)?.settings;
  return settings ? settingsForm(settings) : undefined;
};

/**
 * The integrations domain's routes: the catalog (/api/integrations), the workspace's OAuth apps
 * (/api/integrations/oauth-apps), connections (/api/connections) and the OAuth callback (/api/oauth/callback). Registered without a prefix because it owns three roots.
 */
export function integrationsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const rt = integrationRuntime(ctx);
  // Its workflow actions are installed once per context by integrationsModule's install (index.ts), not here.
  registerConnectionMetrics(ctx);
  // The template gallery offers only templates whose integration trigger exists.
  setKnownIntegrationTriggers(ctx, integrationTriggers.map((t) => t.id));
  return async (app) => {
    const apps = oauthAppStore(ctx.db, rt.vault);
    const hasPieces = (id: string) => piecesOf(id).actions.length + piecesOf(id).triggers.length > 0;
    await app.register(oauthAppRoutes(ctx, hasPieces));
    await app.register(
      catalogRoutes({ settings: rt.settings, piecesOf, workspaceApps: async (ws) => new Set((await apps.list(ws)).keys()), admins: (ws) => apps.admins(ws), settingsForm: serverForm }),
    );
    await app.register(connectionRoutes(ctx));
    const stopChecks = scheduleHealthChecks(ctx);
    const stopPolling = scheduleTriggerPolling(ctx, () => workflowRuntime(ctx).events, integrationTriggers);
    app.addHook('onClose', async () => {
      stopChecks();
      await stopPolling();
    });
  };
}
