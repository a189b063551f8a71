import type { FastifyRequest } from 'fastify';
import { AppError, type AppContext } from '../platform/index.js';
import type { Authenticator, Principal } from '../platform/http/index.js';
import { recordAuthEvent } from './audit-trail.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { publicBaseUrl } from './oauth-server/urls.js';
import { OAUTH_ACCESS_PREFIX } from './oauth-server/grant-repository.js';
import { API_TOKEN_PREFIX } from './secrets.js';
import { authServices, type AuthServices } from './services.js';

export const WORKSPACE_HEADER = 'x-atom-workspace';

/**
 * The real authenticator: a `Bearer atom_...` personal token, else the session cookie. A token acts in
 * its own workspace with the lesser of its role and the owner's current role; a session acts in the
 * workspace named by `x-atom-workspace`, else the user's last used one, else their first.
 */
export function createAuthenticator(ctx: AppContext): Authenticator {
  const services = authServices(ctx);
  return async (request) => {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && /^bearer /i.test(authorization)) {
      const secret = authorization.slice(7).trim();
      if (secret.startsWith(OAUTH_ACCESS_PREFIX)) return fromOAuthToken(ctx, services, request, secret);
      return fromToken(ctx, services, request, secret);
    }
    const secret = readCookie(request, SESSION_COOKIE);
    if (!secret) return undefined;
    return fromSession(services, request, secret);
  };
}

/** Calls the authenticator once per request, however many hooks ask (rate limit, CSRF, authorization). */
export function oncePerRequest(authenticator: Authenticator): Authenticator {
  const seen = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();
  return (request) => {
    let result = seen.get(request);
    if (!result) {
      result = authenticator(request);
      seen.set(request, result);
    }
    return result;
  };
}

async function fromToken(ctx: AppContext, s: AuthServices, request: FastifyRequest, secret: string): Promise<Principal | undefined> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return undefined;
  const token = await s.tokens.resolve(secret);
  if (!token) return undefined;
  // The owner's role now, read with the token: removing them from the workspace ends their tokens at once.
  const memberRole = token.member_role;
  if (memberRole === null) return undefined;
  const asked = headerWorkspace(request);
  if (asked && asked !== token.workspace_id) {
    throw new AppError('auth.token_workspace_mismatch', 'This API token belongs to another workspace.', { status: 403 });
  }
  // A token never does more than its owner may do today: demoting the owner narrows their tokens too.
  const [granted, held] = await Promise.all([
    s.workspaces.permissionsOf(token.workspace_id, token.role),
    s.workspaces.permissionsOf(token.workspace_id, memberRole),
  ]);
  const permissions = new Set([...granted].filter((p) => held.has(p)));
  if (token.firstUseInWindow) {
    await recordAuthEvent(ctx, request, {
      action: 'auth.token_used',
      outcome: 'success',
      actorId: token.user_id,
      workspaceId: token.workspace_id,
      target: token.id,
    });
  }
  return { userId: token.user_id, workspaceId: token.workspace_id, role: memberRole, scopeRole: token.role, permissions, via: 'token', tokenId: token.id, identities: token.identities };
}

/**
 * An OAuth access token Atom issued to an MCP client: valid only at the resource it was bound to
 * (RFC 8707; its audience, Atom's /mcp URL), acting like an API token of the consenting member with the
 * role chosen at consent, narrowed to what the member holds now.
 */
async function fromOAuthToken(ctx: AppContext, s: AuthServices, request: FastifyRequest, secret: string): Promise<Principal | undefined> {
  const grant = await s.oauth.resolveAccess(secret);
  if (!grant) return undefined;
  const audience = `${publicBaseUrl(ctx, request)}${request.url.split('?')[0] ?? ''}`;
  const membership = grant.resource === audience ? await s.workspaces.membership(grant.workspace_id, grant.user_id) : undefined;
  if (!membership) {
    if (grant.firstUseInWindow || grant.resource !== audience) {
      await recordAuthEvent(ctx, request, { action: 'auth.oauth_token_refused', outcome: 'failure', actorId: grant.user_id, workspaceId: grant.workspace_id, target: grant.id, details: { reason: grant.resource === audience ? 'not_a_member' : 'wrong_audience' } });
    }
    return undefined;
  }
  const asked = headerWorkspace(request);
  if (asked && asked !== grant.workspace_id) throw new AppError('auth.token_workspace_mismatch', 'This token belongs to another workspace.', { status: 403 });
  const [granted, held] = await Promise.all([s.workspaces.permissionsOf(grant.workspace_id, grant.role), s.workspaces.permissionsOf(grant.workspace_id, membership.role)]);
  if (grant.firstUseInWindow) {
    await recordAuthEvent(ctx, request, { action: 'auth.oauth_token_used', outcome: 'success', actorId: grant.user_id, workspaceId: grant.workspace_id, target: grant.id, details: { clientId: grant.client_id } });
  }
  return {
    userId: grant.user_id,
    workspaceId: grant.workspace_id,
    role: membership.role,
    scopeRole: grant.role,
    permissions: new Set([...granted].filter((p) => held.has(p))),
    via: 'token',
    tokenId: grant.id,
  };
}

async function fromSession(s: AuthServices, request: FastifyRequest, secret: string): Promise<Principal | undefined> {
  // The session, its user, and their role in their last used workspace come in one query.
  const session = await s.sessions.resolve(secret);
  if (!session?.user) return undefined;
  const user = session.user;
  const asked = headerWorkspace(request);
  let membership: { workspace_id: string; role: string } | undefined;
  if (asked && asked === user.lastWorkspaceId && user.lastWorkspaceRole !== null) {
    membership = { workspace_id: asked, role: user.lastWorkspaceRole };
  } else if (asked) {
    membership = await s.workspaces.membership(asked, user.id);
    if (!membership) throw new AppError('auth.workspace_not_found', 'That workspace was not found.', { status: 404 });
    if (user.lastWorkspaceId !== asked) await s.users.setLastWorkspace(user.id, asked);
  } else {
    if (user.lastWorkspaceId && user.lastWorkspaceRole !== null) membership = { workspace_id: user.lastWorkspaceId, role: user.lastWorkspaceRole };
    membership ??= (await s.workspaces.listForUser(user.id)).map((w) => ({ workspace_id: w.id, role: w.role }))[0];
  }
  const base = { userId: user.id, via: 'session' as const, sessionId: session.id };
  // Someone removed from every workspace can still sign in, see who they are and create a workspace.
  if (!membership) return { ...base, workspaceId: '', role: 'none', permissions: new Set<string>() };
  const permissions = await s.workspaces.permissionsOf(membership.workspace_id, membership.role);
  // The accounts came with the session for its last used workspace only.
  const identities = membership.workspace_id === user.lastWorkspaceId ? user.lastWorkspaceIdentities : undefined;
  return { ...base, workspaceId: membership.workspace_id, role: membership.role, permissions, ...(identities ? { identities } : {}) };
}

function headerWorkspace(request: FastifyRequest): string | undefined {
  const v = request.headers[WORKSPACE_HEADER];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
