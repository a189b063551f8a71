import { AppError, type AppContext } from '../platform/index.js';
import { recordAuthEvent } from './audit-trail.js';
import { hashPassword } from './passwords.js';
import { hashSecret, randomSecret } from './secrets.js';
import { authServices } from './services.js';
import { normalizeEmail } from './users.js';

const noSuchAccount = (email: string) => new AppError('auth.user_not_found', `There is no account for ${email}.`, { status: 404 });

/**
 * Account recovery for the server's operator (there is no e-mail to send a reset link): a new random
 * password, every session and API token ended, the lockout lifted. The password is returned once, to be handed over.
 */
export async function resetPassword(ctx: AppContext, email: string): Promise<{ password: string; sessionsEnded: number; tokensRevoked: number }> {
  const { users, sessions, tokens, oauth } = authServices(ctx);
  const user = await users.findByEmail(email);
  if (!user) throw noSuchAccount(email);
  // 18 random bytes: 24 URL-safe characters, comfortably past the password policy.
  const password = randomSecret(18);
  await users.setPasswordHash(user.id, await hashPassword(password));
  const sessionsEnded = await sessions.revokeAll(user.id);
  // As with a password change: whoever knew the old password may have minted tokens with it.
  const tokensRevoked = await tokens.revokeAllForUser(user.id);
  await oauth.revokeAllForUser(user.id);
  await unlockAccount(ctx, email);
  await recordAuthEvent(ctx, undefined, { action: 'auth.password_reset', outcome: 'success', actorId: null, workspaceId: null, target: user.id, details: { by: 'operator', tokensRevoked } });
  return { password, sessionsEnded, tokensRevoked };
}

/** Lifts the sign-in lockout of an email (the per-IP counters are left alone). */
export async function unlockAccount(ctx: AppContext, email: string): Promise<boolean> {
  const r = await ctx.db
    .deleteFrom('auth_login_failures')
    .where('subject', '=', `email:${hashSecret(normalizeEmail(email))}`)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Every account with its workspaces and roles, for `atom users list`. */
export async function listAccounts(ctx: AppContext) {
  const { workspaces } = authServices(ctx);
  const rows = await ctx.db.selectFrom('auth_users').select(['id', 'email', 'name', 'password_hash', 'created_at']).orderBy('created_at').execute();
  return Promise.all(
    rows.map(async (u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      signIn: u.password_hash ? 'password' : 'sso',
      createdAt: u.created_at,
      workspaces: (await workspaces.listForUser(u.id)).map((w) => `${w.name} (${w.role})`),
    })),
  );
}
