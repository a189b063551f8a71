import { AppError } from '../errors/index.js';
import { permissionMissing, type Actor } from './policy.js';

/** What a route's permission check needs to know about the caller. */
export type RouteCaller = Pick<Actor, 'role' | 'permissions'> & { via: Actor['via'] };

export type RouteDecision = { allowed: true } | { allowed: false; status: 401 | 403; code: string; reason: string };

const allow: RouteDecision = { allowed: true };

/**
 * May this caller (undefined: anonymous) call a route that declares `permission` (its `config.permission`,
 * see platform/http/route-config.ts)? Deny by default: a route that declares nothing is open to nobody.
 */
export function mayCallRoute(permission: string | undefined, caller: RouteCaller | undefined): RouteDecision {
  if (permission === 'public') return allow;
  if (!permission) return { allowed: false, status: 403, code: 'auth.route_without_permission', reason: 'This route is not open to anyone.' };
  if (!caller) return { allowed: false, status: 401, code: 'auth.unauthenticated', reason: 'Sign in first.' };
  if (permission === 'session') {
    return caller.via === 'session' ? allow : { allowed: false, status: 403, code: 'auth.session_required', reason: 'This needs a signed-in browser session; an API token cannot do it.' };
  }
  if (permission === 'authenticated' || caller.permissions.has(permission)) return allow;
  return { allowed: false, status: 403, code: 'auth.forbidden', reason: permissionMissing(caller, permission) };
}

/** `mayCallRoute`, as an error to throw (401 or 403). */
export function assertMayCallRoute(permission: string | undefined, caller: RouteCaller | undefined): void {
  const d = mayCallRoute(permission, caller);
  if (!d.allowed) throw new AppError(d.code, d.reason, { status: d.status });
}
