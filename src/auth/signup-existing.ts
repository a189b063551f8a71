import type { FastifyReply, FastifyRequest } from 'fastify';
import { newId, type AppContext } from '../platform/index.js';
import { setSessionCookie, type SignupInput } from './accounts.js';
import { recordAuthEvent } from './audit-trail.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { builtInRoles } from './permissions.js';
import { csrfTokenFor, randomSecret } from './secrets.js';
import { authServices } from './services.js';
import { normalizeEmail, type UserRow } from './users.js';

/**
 * Sign-up with an address that already has an account answers exactly as a sign-up that created one
 * does (201, a session cookie, the same body), so the form tells nobody who has an account here.
 * Nothing is created and nothing is opened: the cookie names no session and the ids name nothing, so
 * the next request with it is anonymous. The account's owner is told someone tried; with no mail
 * transport on the server, the notice goes to the audit log (as operator recovery does).
 */
export async function answerSignupForExistingEmail(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: SignupInput,
  existing: UserRow,
  invitation: { workspace_id: string; role: string } | undefined,
) {
  const { sessions, workspaces } = authServices(ctx);
  await recordAuthEvent(ctx, request, {
    action: 'auth.signup_existing_email',
    outcome: 'failure',
    actorId: null,
    workspaceId: null,
    target: existing.id,
    details: { notice: 'Someone tried to create an account with this email address. If it was you, sign in instead.' },
  });
  // A real sign-up ends the session the browser had (no fixation); so does this one.
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous) await sessions.revokeBySecret(previous);
  const secret = randomSecret();
  setSessionCookie(ctx, request, reply, secret);

  const name = input.name.trim();
  const joined = invitation ? await workspaces.findById(invitation.workspace_id) : undefined;
  const workspace =
    invitation && joined
      ? { id: joined.id, name: joined.name, role: invitation.role, permissions: [...(await workspaces.permissionsOf(joined.id, invitation.role))].sort() }
      : { id: newId('ws'), name: `${name}'s workspace`, role: 'owner', permissions: [...builtInRoles.owner.permissions].sort() };
  return {
    user: { id: newId('usr'), email: normalizeEmail(input.email), name },
    workspace,
    workspaces: [{ id: workspace.id, name: workspace.name, role: workspace.role }],
    via: 'session' as const,
    csrfToken: csrfTokenFor(secret),
  };
}
