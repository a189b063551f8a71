import type { FastifyRequest } from 'fastify';
import type { Authenticator, Principal } from '../../platform/http/index.js';
import type { AppContext } from '../../platform/index.js';
import { concernsMember, onAccessChange } from '../../realtime/index.js';

/**
 * The chatting member's principal, kept current while a turn runs. An access change that concerns them,
 * announced by any API process, re-resolves it: the agent asks the policy again before each tool call, so
 * later calls run with the rights held now. A removed member (or an ended session or token) holds no
 * rights at all from then on, and `onRevoked` ends their stream.
 */
export function followAccess(ctx: AppContext, authenticator: Authenticator, request: FastifyRequest, p: Principal, onRevoked: () => void): { principal: Principal; stop(): void } {
  const live: Principal = { ...p };
  const stop = onAccessChange(ctx, (event) => {
    if (!concernsMember(event, p)) return;
    void authenticator(request)
      .catch(() => undefined)
      .then((now) => {
        if (now && now.userId === p.userId && now.workspaceId === p.workspaceId) {
          live.role = now.role;
          live.permissions = now.permissions;
          live.scopeRole = now.scopeRole;
          return;
        }
        live.role = 'none';
        live.permissions = new Set();
        onRevoked();
      });
  });
  return { principal: live, stop };
}
