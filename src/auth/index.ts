import type { Authenticator } from '../platform/http/index.js';
import type { AtomModule } from '../platform/index.js';
import { oauthServerRoutes } from './oauth-server/routes.js';
import { registerRequestGuards } from './request-guards.js';
import { authRoutes } from './routes.js';
/** The auth domain: accounts, sessions, API tokens, workspaces and roles, CSRF and rate limits. */
export { createAuthenticator, oncePerRequest, WORKSPACE_HEADER } from './authenticator.js';
export { registerRequestGuards, CSRF_HEADER } from './request-guards.js';
export { authRoutes } from './routes.js';
export { builtInRoles, builtInRoleNames, permissionNames, type Permission, type BuiltInRole } from './permissions.js';
export { SESSION_COOKIE } from './cookies.js';
export { memberActor } from './actors.js';
// For the domains that name people (comments, collab, workflow runs): the accounts table's repository.
export { userRepository, type UserRepository } from './users.js';
export { oauthServerRoutes } from './oauth-server/routes.js';
export { publicBaseUrl, mcpResourceUrl, OAUTH_SCOPE } from './oauth-server/urls.js';

/** What auth's request guards need: the once-per-request authenticator the server resolves principals with. */
export interface AuthServeDeps {
  requestAuthenticator: Authenticator;
}

/** Auth as src/app.ts composes it: rate limits and CSRF on every request, then the account, session, token, workspace and role API under /api. */
export const authModule: AtomModule<object, AuthServeDeps> = {
  name: 'auth',
  requestHooks: (app, ctx, deps) => registerRequestGuards(app, ctx, deps.requestAuthenticator),
  routes: (ctx) => [{ plugin: authRoutes(ctx), prefix: '/api' }],
};

/** Atom as the OAuth authorization server of /mcp (metadata, registration, authorize, token, revoke): registered after the MCP server's routes. */
export const oauthServerModule: AtomModule = {
  name: 'oauth-server',
  routes: (ctx) => [{ plugin: oauthServerRoutes(ctx) }],
};
