import type { Authenticator, Principal } from '../../src/platform/http/index.js';

/**
 * A test-only authenticator: the caller is whoever the `x-test-principal` header names (JSON of a
 * partial Principal). Domain tests pass it as `createTestApp(..., { authenticator: testAuthenticator })`
 * to exercise their routes' permissions and workspace scoping without the real sign-in flow.
 * It is never wired into the real app.
 */
export const testAuthenticator: Authenticator = async (request) => {
  const raw = request.headers['x-test-principal'];
  if (typeof raw !== 'string') return undefined;
  const p = JSON.parse(raw) as Partial<Omit<Principal, 'permissions'>> & { permissions?: string[] };
  return {
    userId: p.userId ?? 'user-test',
    workspaceId: p.workspaceId ?? 'ws-test',
    role: p.role ?? 'owner',
    permissions: new Set(p.permissions ?? []),
    via: 'token',
  };
};

/** Headers making a request as the given caller under testAuthenticator. */
export const asPrincipal = (p: { userId?: string; workspaceId?: string; role?: string; permissions: string[] }) => ({
  'x-test-principal': JSON.stringify(p),
});
