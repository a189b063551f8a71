import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/index.js';

/**
 * Who is calling, resolved once per request by the authenticator (the auth domain's sessions and API
 * tokens). Every workspace-scoped query filters by `workspaceId`; a resource of another workspace is
 * answered 404.
 */
export interface Principal {
  userId: string;
  workspaceId: string;
  /** The member's role in the workspace now: built-in (owner, admin, member, viewer) or custom. Never a token's recorded role. */
  role: string;
  /** With a token: the role it was minted with (its scope). Owner-only acts need an owner and an owner-scoped token. */
  scopeRole?: string | undefined;
  permissions: ReadonlySet<string>;
  via: 'session' | 'token' | 'system';
  sessionId?: string;
  tokenId?: string;
  /**
   * The accounts the member's own personal connections in this workspace signed in as, as the providers
   * vouched for them: read with the credentials in the same query when the authenticator could (a token,
   * a session in its last used workspace), so document permissions cost no second query. Undefined: not
   * read; ask the connections (memory's `memberPrincipals`).
   */
  identities?: readonly VerifiedAccount[];
}

/** An account a provider vouched for: its e-mail, and the organisation's domain when the provider said. */
export interface VerifiedAccount {
  email: string;
  domain: string | null;
}

/** Resolves the caller from the request (cookie session, bearer token), or undefined when anonymous. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** The caller of a route that declared a permission (set by the authorization hook before the handler). */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('auth.unauthenticated', 'Sign in first.', { status: 401 });
  return request.principal;
}
