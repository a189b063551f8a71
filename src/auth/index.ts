/** The auth domain: accounts, sessions, API tokens, workspaces and roles, CSRF and rate limits. */
export { createAuthenticator, oncePerRequest, WORKSPACE_HEADER } from './authenticator.js';
export { registerRequestGuards, CSRF_HEADER } from './request-guards.js';
export { authRoutes } from './routes.js';
export { builtInRoles, builtInRoleNames, permissionNames, type Permission, type BuiltInRole } from './permissions.js';
export { SESSION_COOKIE } from './cookies.js';
export { memberActor } from './actors.js';
export { oauthServerRoutes } from './oauth-server/routes.js';
export { publicBaseUrl, mcpResourceUrl, OAUTH_SCOPE } from './oauth-server/urls.js';
