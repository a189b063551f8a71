import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type AppContext } from '../platform/index.js';
import { placeNewUser, startSession } from './accounts.js';
import { recordAuthEvent } from './audit-trail.js';
import { clearCookie, OIDC_COOKIE, readCookie, secureCookies, setCookie } from './cookies.js';
import { usableInvitation } from './invitation-rules.js';
import { findOpenInvitationForEmail } from './invitations.js';
import { authMetrics } from './metrics.js';
import { beginOidcFlow, completeOidcFlow, decodeFlow, encodeFlow, oidcConfiguration, oidcSettings, safeReturnTo, type OidcUser } from './oidc.js';
import { signInRateLimit } from './request-guards.js';
import { authServices } from './services.js';
import type { UserRow } from './users.js';

const COOKIE_PATH = '/api/auth/oidc';
const tags = ['auth'];

/** Sign-in with an OpenID Connect provider: authorization code flow with PKCE. */
export function oidcRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);
    const baseUrl = (request: { protocol: string; host: string }) =>
      ctx.config.ATOM_PUBLIC_URL?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;

    app.get(
      '/auth/oidc/start',
      {
        config: { permission: 'public', rateLimit: signInRateLimit(ctx) },
        schema: {
          tags,
          summary: 'Start single sign-on: redirects to the provider',
          querystring: z.object({ returnTo: z.string().max(500).optional() }),
          response: { 302: z.null().describe('Redirect to the provider') },
        },
      },
      async (request, reply) => {
        const settings = oidcSettings(ctx);
        if (!settings) throw new AppError('auth.oidc.disabled', 'Single sign-on is not configured on this server.', { status: 404 });
        const config = await oidcConfiguration(ctx, settings);
        const { flow, url } = await beginOidcFlow(config, settings, `${baseUrl(request)}/api/auth/oidc/callback`, safeReturnTo(request.query.returnTo));
        setCookie(reply, OIDC_COOKIE, encodeFlow(flow), { maxAgeSeconds: 600, path: COOKIE_PATH, secure: secureCookies(ctx, request) });
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/auth/oidc/callback',
      {
        config: { permission: 'public', rateLimit: signInRateLimit(ctx) },
        schema: {
          tags,
          summary: 'Where the provider sends people back; signs them in and redirects into the app',
          querystring: z.object({ code: z.string().max(4096).optional(), state: z.string().max(1024).optional(), error: z.string().max(200).optional() }).catchall(z.string()),
          response: { 302: z.null().describe('Redirect into the app') },
        },
      },
      async (request, reply) => {
        const settings = oidcSettings(ctx);
        if (!settings) throw new AppError('auth.oidc.disabled', 'Single sign-on is not configured on this server.', { status: 404 });
        const flow = decodeFlow(readCookie(request, OIDC_COOKIE));
        clearCookie(reply, OIDC_COOKIE, { path: COOKIE_PATH, secure: secureCookies(ctx, request) });
        const fail = async (reason: string) => {
          authMetrics(ctx).signIns.inc({ method: 'oidc', outcome: 'failure' });
          await recordAuthEvent(ctx, request, { action: 'auth.oidc_failed', outcome: 'failure', actorId: null, workspaceId: null, details: { reason } });
          return reply.redirect(`/sign-in?error=${encodeURIComponent(reason)}`, 302);
        };
        if (!flow) return fail('sso_expired');
        if (request.query.error) return fail('sso_denied');
        let who: OidcUser;
        try {
          const config = await oidcConfiguration(ctx, settings);
          who = await completeOidcFlow(config, new URL(request.url, baseUrl(request)), flow);
        } catch (err) {
          request.log.warn({ err: { message: (err as Error).message } }, 'single sign-on failed');
          return fail('sso_failed');
        }
        const outcome = await userFor(who, request);
        if (typeof outcome === 'string') return fail(outcome);
        await startSession(ctx, request, reply, outcome.id, 'oidc');
        authMetrics(ctx).signIns.inc({ method: 'oidc', outcome: 'success' });
        await recordAuthEvent(ctx, request, { action: 'auth.oidc_login', outcome: 'success', actorId: outcome.id, workspaceId: outcome.last_workspace_id, target: outcome.id });
        return reply.redirect(flow.returnTo, 302);
      },
    );

    /** The account for a provider identity: linked before, else matched by verified email, else new. */
    async function userFor(who: OidcUser, request: Parameters<typeof placeNewUser>[1]): Promise<UserRow | string> {
      const linked = await s.users.findIdentity(who.issuer, who.subject);
      if (linked) return (await s.users.findById(linked.user_id)) ?? 'sso_failed';
      if (!who.email) return 'sso_no_email';
      const existing = await s.users.findByEmail(who.email);
      if (existing) {
        // Linking by an unverified email would let anyone who can set that claim take the account over.
        if (!who.emailVerified) return 'sso_email_unverified';
        await s.users.linkIdentity(who.issuer, who.subject, existing.id);
        return existing;
      }
      const isFirst = (await s.users.count()) === 0;
      const invitation = await usableInvitation(s, await findOpenInvitationForEmail(ctx.db, who.email));
      if (!isFirst && !invitation && ctx.config.ATOM_SIGNUP === 'invite') return 'sso_signup_invite_only';
      const user = await s.users.create({ email: who.email, name: who.name ?? who.email.split('@')[0] ?? who.email, passwordHash: null });
      await s.users.linkIdentity(who.issuer, who.subject, user.id);
      await placeNewUser(ctx, request, user, invitation);
      await recordAuthEvent(ctx, request, { action: 'auth.signup', outcome: 'success', actorId: user.id, workspaceId: null, target: user.id, details: { method: 'oidc' } });
      return (await s.users.findById(user.id)) ?? user;
    }
  };
}
