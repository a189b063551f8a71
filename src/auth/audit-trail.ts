import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/index.js';
import type { AppContext } from '../platform/index.js';

export type AuthAuditAction =
  | 'auth.signup'
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.sessions_revoked'
  | 'auth.password_reset'
  | 'auth.password_changed'
  | 'auth.signup_existing_email'
  | 'auth.oidc_login'
  | 'auth.oidc_failed'
  | 'auth.token_created'
  | 'auth.token_used'
  | 'auth.token_deleted'
  | 'auth.oauth_client_registered'
  | 'auth.oauth_consent'
  | 'auth.oauth_token_issued'
  | 'auth.oauth_token_refreshed'
  | 'auth.oauth_token_used'
  | 'auth.oauth_token_refused'
  | 'auth.oauth_grant_revoked'
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

const targetTypes: Record<string, string> = {
  'auth.token_created': 'api_token',
  'auth.token_used': 'api_token',
  'auth.token_deleted': 'api_token',
  'auth.oauth_client_registered': 'oauth_client',
  'auth.oauth_consent': 'oauth_grant',
  'auth.oauth_token_issued': 'oauth_grant',
  'auth.oauth_token_refreshed': 'oauth_grant',
  'auth.oauth_token_used': 'oauth_grant',
  'auth.oauth_token_refused': 'oauth_grant',
  'auth.oauth_grant_revoked': 'oauth_grant',
  'auth.sessions_revoked': 'session',
  'members.invited': 'invitation',
  'members.invitation_revoked': 'invitation',
  'roles.created': 'role',
  'roles.updated': 'role',
  'roles.deleted': 'role',
  'workspaces.created': 'workspace',
};

/**
 * Records what happened to accounts and access in the audit log (events carry ids and names only,
 * never secrets). A failure to record is logged, not thrown: the audit log being unwritable must not
 * lock everyone out, and the log line keeps the event.
 */
export async function recordAuthEvent(ctx: AppContext, request: FastifyRequest | undefined, event: AuthAuditEvent): Promise<void> {
  const ua = request?.headers['user-agent'];
  try {
    await recordAudit(ctx.db, {
      workspaceId: event.workspaceId || null,
      actorId: event.actorId,
      actorType: request?.principal?.via === 'token' ? 'token' : 'user',
      action: event.action,
      outcome: event.outcome,
      ...(event.target ? { target: { type: targetTypes[event.action] ?? 'user', id: event.target } } : {}),
      ...(request ? { ip: request.ip, requestId: request.id } : {}),
      ...(typeof ua === 'string' ? { userAgent: ua } : {}),
      ...(event.details ? { details: event.details } : {}),
    });
  } catch (err) {
    ctx.logger.error({ err, audit: { action: event.action, actorId: event.actorId } }, 'could not record an audit entry');
  }
}
