import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/index.js';
import { startAuthHousekeeping } from './housekeeping.js';
import { oauthConsentRoutes } from './oauth-server/consent-routes.js';
import { oidcRoutes } from './oidc-routes.js';
import { roleRoutes } from './role-routes.js';
import { sessionRoutes } from './session-routes.js';
import { tokenRoutes } from './token-routes.js';
import { workspaceRoutes } from './workspace-routes.js';

/**
 * The auth domain's API, registered under `/api`: `/auth/*` (accounts, sessions, SSO), `/workspaces`,
 * `/members`, `/invitations`, `/roles`, `/tokens` and `/oauth` (consent and authorized MCP clients).
 */
export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const stopHousekeeping = startAuthHousekeeping(ctx);
    app.addHook('onClose', async () => stopHousekeeping());
    await app.register(sessionRoutes(ctx), { prefix: '/auth' });
    await app.register(oidcRoutes(ctx));
    await app.register(workspaceRoutes(ctx));
    await app.register(roleRoutes(ctx));
    await app.register(tokenRoutes(ctx));
    await app.register(oauthConsentRoutes(ctx), { prefix: '/oauth' });
  };
}
