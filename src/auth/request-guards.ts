import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError, type AppContext } from '../platform/index.js';
import type { Authenticator, HttpServer } from '../platform/http/index.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { authMetrics } from './metrics.js';
import { csrfTokenFor, sameSecret } from './secrets.js';

export const CSRF_HEADER = 'x-csrf-token';
const safeMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-cutting request guards of the auth domain, registered from app.ts right after the server is
 * created (before any domain's routes):
 * 1. rate limits per signed-in user, else per IP (in memory, or in Redis in queue mode);
 * 2. CSRF: a state-changing request authenticated by the session cookie must carry `x-csrf-token`, and
 *    a cross-site Origin is refused on any state-changing request without a bearer token. A public route
 *    that acts with nobody's authority may say `config.csrf: false` (see route-config.ts).
 */
export async function registerRequestGuards(app: HttpServer, ctx: AppContext, authenticator: Authenticator): Promise<void> {
  await registerRateLimits(app, ctx, authenticator);
  // Runs after the platform's permission hook (registered with the server, before this), which has
  // resolved `request.principal` and refused callers the route does not admit.
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.url) return;
    const hidden = (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true;
    const permission = request.routeOptions.config?.permission ?? (hidden ? 'public' : undefined);
    const principal = request.principal;
    if (safeMethods.has(request.method)) return;
    if (principal?.via === 'token') return;
    assertSameOrigin(ctx, request);
    if (permission === 'public' && request.routeOptions.config?.csrf === false) return;
    const secret = readCookie(request, SESSION_COOKIE);
    if (principal?.via === 'session' && secret) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, csrfTokenFor(secret))) {
        throw new AppError('auth.csrf_failed', 'This request needs the CSRF token from GET /api/auth/csrf in x-csrf-token.', { status: 403 });
      }
    }
  });
}

// Browsers send Origin on cross-site POSTs: refusing foreign origins also stops login CSRF, which has no
// session to bind a token to.
function assertSameOrigin(ctx: AppContext, request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return;
  const allowed = new Set(ctx.config.ATOM_CORS_ORIGINS);
  if (ctx.config.ATOM_PUBLIC_URL) allowed.add(new URL(ctx.config.ATOM_PUBLIC_URL).origin);
  let sameHost = false;
  try {
    // Through URL on both sides, so default ports compare equal (http://x:80 is http://x).
    sameHost = new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    sameHost = false;
  }
  if (allowed.has(origin) || sameHost) return;
  throw new AppError('auth.cross_origin', 'Requests from other sites are not accepted.', { status: 403 });
}

async function registerRateLimits(app: HttpServer, ctx: AppContext, authenticator: Authenticator): Promise<void> {
  const { config } = ctx;
  if (ctx.redis && ctx.redis.status === 'wait') await ctx.redis.connect().catch(() => undefined);
  const keyOf = async (request: FastifyRequest): Promise<string> => {
    const principal = await authenticator(request).catch(() => undefined);
    return principal ? `user:${principal.userId}` : `ip:${request.ip}`;
  };
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: 60_000,
    nameSpace: 'atom-rl:',
    ...(ctx.redis ? { redis: ctx.redis } : {}),
    // A broken Redis must not take the API down with it.
    skipOnError: true,
    keyGenerator: keyOf,
    onExceeded: (_request, key) => authMetrics(ctx).rateLimited.inc({ scope: key.split(':')[0] === 'user' ? 'user' : key.startsWith('signin:') ? 'sign_in' : 'ip' }),
    // Static web assets and the API docs UI are not worth counting.
    allowList: (request) => (request.routeOptions.schema as { hide?: boolean } | undefined)?.hide === true,
    max: async (_request, key) => (key.startsWith('user:') ? config.ATOM_RATE_LIMIT_PER_MINUTE : config.ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE),
    errorResponseBuilder: (_request, context) =>
      new AppError('http.rate_limited', `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`, {
        status: 429,
        extensions: { retryAfter: Math.ceil(context.ttl / 1000) },
      }),
  });
}

/** Route config for sign-in style endpoints: a tighter per-IP limit on top of the global one. */
export const signInRateLimit = (ctx: AppContext) => ({
  max: ctx.config.ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) => `signin:${request.ip}`,
  onExceeded: () => authMetrics(ctx).rateLimited.inc({ scope: 'sign_in' }),
});
