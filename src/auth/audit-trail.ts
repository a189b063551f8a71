import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/index.js';

export type AuthAuditAction =
  | 'auth.signup'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.sessions_revoked'
  | 'auth.oidc_login'
  | 'auth.oidc_failed'
  | 'auth.token_created'
  | 'auth.token_used'
  | 'auth.token_deleted'
  | 'members.role_changed'
  | 'members.removed'
  | 'members.joined'
  | 'members.invited'
  | 'members.invitation_revoked'
  | 'roles.created'
  | 'roles.updated'
  | 'roles.deleted'
  | 'workspaces.created';

export interface AuthAuditEvent {
  action: AuthAuditAction;
  outcome: 'success' | 'failure';
  actorId: string | null;
  workspaceId: string | null;
  target?: string;
  details?: Record<string, string | number | boolean | null>;
}

/**
 * Records what happened to accounts and access. Until the audit domain's log is wired in, events go to
 * the structured log (never with secrets: events carry ids and names only).
 */
export function recordAuthEvent(ctx: AppContext, request: FastifyRequest | undefined, event: AuthAuditEvent): void {
  ctx.logger.info(
    {
      audit: {
        ...event,
        ip: request?.ip ?? null,
        userAgent: request?.headers['user-agent'] ?? null,
      },
    },
    event.action,
  );
}
