import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppContext } from '../platform/index.js';
import type { Principal } from '../platform/http/index.js';
import { recordAuthEvent } from './audit-trail.js';
import { authMetrics } from './metrics.js';
import { clearCookie, readCookie, secureCookies, SESSION_COOKIE, setCookie } from './cookies.js';
import { assertAcceptablePassword, checkPassword, hashPassword } from './passwords.js';
import { csrfTokenFor } from './secrets.js';
import { usableInvitation } from './invitation-rules.js';
import { authServices } from './services.js';
import type { UserRow } from './users.js';

/**
 * Starts a browser session for the user: any session the browser already had is ended first and a new
 * id is issued, so a planted cookie never becomes a signed-in one (no fixation).
 */
export async function startSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, userId: string, method: string) {
  const { sessions } = authServices(ctx);
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous) await sessions.revokeBySecret(previous);
  const ua = request.headers['user-agent'];
  const { secret, session } = await sessions.create({ userId, method, ip: request.ip, userAgent: typeof ua === 'string' ? ua : null });
  setSessionCookie(ctx, request, reply, secret);
  return { sessionId: session.id, csrfToken: csrfTokenFor(secret) };
}

export function setSessionCookie(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, secret: string): void {
  setCookie(reply, SESSION_COOKIE, secret, {
    maxAgeSeconds: ctx.config.ATOM_SESSION_MAX_HOURS * 3600,
    secure: secureCookies(ctx, request),
  });
}

export function endSessionCookie(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): void {
  clearCookie(reply, SESSION_COOKIE, { secure: secureCookies(ctx, request) });
}

/** What `GET /api/auth/me` and the sign-in answers say about the caller. */
export async function describeCaller(ctx: AppContext, userId: string, workspaceId: string, principal?: Principal, csrfToken: string | null = null) {
  const { users, workspaces } = authServices(ctx);
  const user = await users.findById(userId);
  if (!user) throw new AppError('auth.unauthenticated', 'Sign in first.', { status: 401 });
  const list = await workspaces.listForUser(userId);
  const current = list.find((w) => w.id === workspaceId) ?? (principal ? undefined : list[0]);
  const permissions = principal
    ? [...principal.permissions]
    : current
      ? [...(await workspaces.permissionsOf(current.id, current.role))]
      : [];
  return {
    user: { id: user.id, email: user.email, name: user.name },
    workspace: current
      ? {
          id: current.id,
          name: current.name,
          role: principal?.role ?? current.role,
          ...(principal?.via === 'token' && principal.scopeRole ? { tokenRole: principal.scopeRole } : {}),
          permissions: permissions.sort(),
        }
      : null,
    workspaces: list.map((w) => ({ id: w.id, name: w.name, role: w.role })),
    via: principal?.via ?? ('session' as const),
    csrfToken,
  };
}

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  invitation?: string | undefined;
}

export type SignupResult =
  | { created: true; user: UserRow; workspaceId: string }
  /** The address already has an account: nothing was created; the caller answers as if it had been. */
  | { created: false; existing: UserRow; invitation: { workspace_id: string; role: string } | undefined };

/**
 * Creates an account. The very first account owns a new first workspace; later ones join the workspace
 * of their invitation, or (with open sign-up) get a workspace of their own.
 */
export async function signUp(ctx: AppContext, request: FastifyRequest, input: SignupInput): Promise<SignupResult> {
  const services = authServices(ctx);
  const { users, invitations } = services;
  const invitation = input.invitation ? await usableInvitation(services, await invitations.findOpen(input.invitation)) : undefined;
  if (input.invitation && !invitation) {
    throw new AppError('auth.invitation_invalid', 'This invitation link is not valid any more.', { status: 400, fields: [{ field: 'body.invitation', message: 'is not valid any more' }] });
  }
  const isFirst = (await users.count()) === 0;
  if (!isFirst && !invitation && ctx.config.ATOM_SIGNUP === 'invite') {
    throw new AppError('auth.signup_invite_only', 'Sign-up needs an invitation on this server.', { status: 403 });
  }
  if (invitation?.email && invitation.email !== input.email.trim().toLowerCase()) {
    throw new AppError('auth.invitation_email_mismatch', 'This invitation is for another email address.', { status: 400, fields: [{ field: 'body.email', message: 'does not match the invitation' }] });
  }
  assertAcceptablePassword(input.password, { email: input.email, name: input.name });
  const passwordHash = await hashPassword(input.password);
  // Checked after the hash, so an address with an account costs the same time as a new one.
  const existing = await users.findByEmail(input.email);
  if (existing) return { created: false, existing, invitation };
  const user = await users.create({ email: input.email, name: input.name, passwordHash });
  const workspaceId = await placeNewUser(ctx, request, user, invitation);
  await recordAuthEvent(ctx, request, { action: 'auth.signup', outcome: 'success', actorId: user.id, workspaceId, target: user.id });
  return { created: true, user, workspaceId };
}

/** Puts a new account in a workspace: the invitation's, else a new one they own. */
export async function placeNewUser(
  ctx: AppContext,
  request: FastifyRequest,
  user: UserRow,
  invitation: { id: string; workspace_id: string; role: string } | undefined,
): Promise<string> {
  const { users, workspaces, invitations } = authServices(ctx);
  if (invitation && (await invitations.markAccepted(invitation.id, user.id))) {
    await workspaces.addMember(invitation.workspace_id, user.id, invitation.role);
    await users.setLastWorkspace(user.id, invitation.workspace_id);
    await recordAuthEvent(ctx, request, { action: 'members.joined', outcome: 'success', actorId: user.id, workspaceId: invitation.workspace_id, target: user.id, details: { role: invitation.role } });
    return invitation.workspace_id;
  }
  const ws = await workspaces.create({ name: `${user.name}'s workspace`, ownerId: user.id });
  await users.setLastWorkspace(user.id, ws.id);
  await recordAuthEvent(ctx, request, { action: 'workspaces.created', outcome: 'success', actorId: user.id, workspaceId: ws.id, target: ws.id });
  return ws.id;
}

const invalidCredentials = () => new AppError('auth.invalid_credentials', 'The email or password is wrong.', { status: 401 });

/**
 * Checks an email and password. Unknown email and wrong password get the same answer after the same
 * work (a decoy hash is verified), and both count towards the lockout of that email and of the IP.
 */
export async function logIn(ctx: AppContext, request: FastifyRequest, email: string, password: string): Promise<UserRow> {
  const { users, throttle } = authServices(ctx);
  const { signIns } = authMetrics(ctx);
  try {
    await throttle.assertNotLocked(email, request.ip);
  } catch (err) {
    signIns.inc({ method: 'password', outcome: 'locked' });
    throw err;
  }
  const user = await users.findByEmail(email);
  const ok = await checkPassword(password, user?.password_hash);
  if (!ok || !user) {
    signIns.inc({ method: 'password', outcome: 'failure' });
    await throttle.recordFailure(email, request.ip);
    await recordAuthEvent(ctx, request, { action: 'auth.login_failed', outcome: 'failure', actorId: user?.id ?? null, workspaceId: null, details: { reason: 'invalid_credentials' } });
    throw invalidCredentials();
  }
  await throttle.recordSuccess(email);
  signIns.inc({ method: 'password', outcome: 'success' });
  await recordAuthEvent(ctx, request, { action: 'auth.login', outcome: 'success', actorId: user.id, workspaceId: user.last_workspace_id, target: user.id });
  return user;
}
