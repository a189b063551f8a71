import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/index.js';
import { hookRoutes } from './http/hook-routes.js';
import { n8nImportRoutes } from './http/n8n-import-routes.js';
import { runRoutes } from './http/run-routes.js';
import { secretRoutes } from './http/secret-routes.js';
import { templateRoutes } from './http/template-routes.js';
import { workflowRoutes } from './http/workflow-routes.js';
import { workflowRuntime } from './runtime.js';

/**
 * The workflow domain's API, registered under `/api`: /workflows, /runs, /hooks (public, secured by
 * their token) and /templates.
 */
export function workflowsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Created with the app, so its queue drains after the HTTP server stopped taking requests.
    const rt = workflowRuntime(ctx);
    const runtime = () => rt;
    await app.register(secretRoutes(ctx, runtime), { prefix: '/workflows/secrets' });
    await app.register(n8nImportRoutes(ctx, runtime), { prefix: '/workflows/import/n8n' });
    await app.register(workflowRoutes(ctx, runtime), { prefix: '/workflows' });
    await app.register(runRoutes(ctx, runtime), { prefix: '/runs' });
    await app.register(hookRoutes(ctx, runtime), { prefix: '/hooks' });
    await app.register(templateRoutes(ctx, runtime), { prefix: '/templates' });
  };
}
