import { describe, expect, it } from 'vitest';
import { assertMayCallRoute, mayCallRoute, type RouteCaller } from './route-access.js';

const viewer: RouteCaller = { role: 'viewer', permissions: new Set(['workflows:read']), via: 'session' };
const token: RouteCaller = { ...viewer, via: 'token' };

describe('mayCallRoute', () => {
  it('opens public routes to anyone and closes routes that declare nothing to everyone', () => {
    expect(mayCallRoute('public', undefined)).toEqual({ allowed: true });
    expect(mayCallRoute(undefined, viewer)).toMatchObject({ allowed: false, status: 403, code: 'auth.route_without_permission' });
  });

  it('asks anonymous callers to sign in, and checks session-only routes and named permissions', () => {
    expect(mayCallRoute('authenticated', undefined)).toMatchObject({ allowed: false, status: 401, code: 'auth.unauthenticated' });
    expect(mayCallRoute('authenticated', token)).toEqual({ allowed: true });
    expect(mayCallRoute('session', viewer)).toEqual({ allowed: true });
    expect(mayCallRoute('session', token)).toMatchObject({ allowed: false, status: 403, code: 'auth.session_required' });
    expect(mayCallRoute('workflows:read', token)).toEqual({ allowed: true });
    expect(mayCallRoute('workflows:write', viewer)).toEqual({ allowed: false, status: 403, code: 'auth.forbidden', reason: 'Your role (viewer) does not allow workflows:write.' });
  });

  it('throws the decision as a problem with its status', () => {
    expect(() => assertMayCallRoute('workflows:write', viewer)).toThrow(expect.objectContaining({ code: 'auth.forbidden', status: 403 }));
    expect(() => assertMayCallRoute('workflows:read', viewer)).not.toThrow();
  });
});
