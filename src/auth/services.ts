import { perContext, type AppContext } from '../platform/index.js';
import { apiTokenRepository } from './api-tokens.js';
import { invitationRepository } from './invitations.js';
import { loginThrottle } from './login-throttle.js';
import { oauthServerStore } from './oauth-server/grant-repository.js';
import { sessionRepository } from './sessions.js';
import { userRepository } from './users.js';
import { workspaceRepository } from './workspaces.js';

function build(ctx: AppContext) {
  const { config, db } = ctx;
  return {
    users: userRepository(db),
    workspaces: workspaceRepository(db),
    sessions: sessionRepository(db, { idleMinutes: config.ATOM_SESSION_IDLE_MINUTES, maxHours: config.ATOM_SESSION_MAX_HOURS }),
    tokens: apiTokenRepository(db),
    oauth: oauthServerStore(db),
    invitations: invitationRepository(db),
    throttle: loginThrottle(db, {
      maxFailuresPerAccount: config.ATOM_LOGIN_MAX_FAILURES,
      maxFailuresPerIp: config.ATOM_LOGIN_IP_MAX_FAILURES,
      lockoutMinutes: config.ATOM_LOGIN_LOCKOUT_MINUTES,
      delayMs: config.ATOM_LOGIN_DELAY_MS,
    }),
  };
}

export type AuthServices = ReturnType<typeof build>;

/** The auth domain's repositories over one context, built once and shared by routes and the authenticator. */
export const authServices: (ctx: AppContext) => AuthServices = perContext(build);
