import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type AppContext } from '../platform/index.js';
import { requirePrincipal } from '../platform/http/index.js';
import { describeCaller, endSessionCookie, logIn, signUp, startSession } from './accounts.js';
import { recordAuthEvent } from './audit-trail.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { oidcSettings } from './oidc.js';
import { assertAcceptablePassword, checkPassword, hashPassword } from './passwords.js';
import { signInRateLimit } from './request-guards.js';
import { answerSignupForExistingEmail } from './signup-existing.js';
import { emailSchema, meSchema, nameSchema, okSchema, passwordInput, sessionSchema } from './schemas.js';
import { csrfTokenFor } from './secrets.js';
import { authServices } from './services.js';
import { signInProvidersSchema } from '../shared/auth.js';

const tags = ['auth'];

/** Accounts and browser sessions: sign-up, sign-in, sign-out, who am I, CSRF token, sessions. */
export function sessionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);

    app.get(
      '/providers',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: 'How people can sign in and sign up here',
          response: {
            200: signInProvidersSchema,
          },
        },
      },
      async () => {
        const oidc = oidcSettings(ctx);
        return {
          signup: ctx.config.ATOM_SIGNUP,
          needsFirstAccount: (await s.users.count()) === 0,
          oidc: { enabled: oidc !== undefined, label: ctx.config.ATOM_OIDC_LABEL },
        };
      },
    );

    app.post(
      '/signup',
      {
        config: { permission: 'public', rateLimit: signInRateLimit(ctx) },
        schema: {
          tags,
          summary: 'Create an account (the first one owns the first workspace)',
          description:
            'An address that already has an account gets the same answer, but nothing is created and the cookie opens no session (so this form reveals nobody\'s account); the account\'s owner is notified.',
          body: z.object({ email: emailSchema, password: passwordInput, name: nameSchema, invitation: z.string().min(1).max(200).optional() }),
          response: { 201: meSchema },
        },
      },
      async (request, reply) => {
        const result = await signUp(ctx, request, request.body);
        if (!result.created) {
          return reply.code(201).send(await answerSignupForExistingEmail(ctx, request, reply, request.body, result.existing, result.invitation));
        }
        const { csrfToken } = await startSession(ctx, request, reply, result.user.id, 'password');
        return reply.code(201).send(await describeCaller(ctx, result.user.id, result.workspaceId, undefined, csrfToken));
      },
    );

    app.post(
      '/login',
      {
        config: { permission: 'public', rateLimit: signInRateLimit(ctx) },
        schema: {
          tags,
          summary: 'Sign in with email and password (starts a new session)',
          body: z.object({ email: emailSchema, password: passwordInput }),
          response: { 200: meSchema },
        },
      },
      async (request, reply) => {
        const user = await logIn(ctx, request, request.body.email, request.body.password);
        const { csrfToken } = await startSession(ctx, request, reply, user.id, 'password');
        return describeCaller(ctx, user.id, user.last_workspace_id ?? '', undefined, csrfToken);
      },
    );

    app.post(
      '/logout',
      {
        config: { permission: 'public' },
        schema: { tags, summary: 'Sign out of this browser session', response: { 200: okSchema } },
      },
      async (request, reply) => {
        const secret = readCookie(request, SESSION_COOKIE);
        if (secret) await s.sessions.revokeBySecret(secret);
        endSessionCookie(ctx, request, reply);
        if (request.principal?.via === 'session') {
          await recordAuthEvent(ctx, request, { action: 'auth.logout', outcome: 'success', actorId: request.principal.userId, workspaceId: request.principal.workspaceId });
        }
        return { ok: true as const };
      },
    );

    app.get(
      '/me',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Who is calling, in which workspace, with which permissions', response: { 200: meSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const secret = readCookie(request, SESSION_COOKIE);
        const csrf = p.via === 'session' && secret ? csrfTokenFor(secret) : null;
        return describeCaller(ctx, p.userId, p.workspaceId, p, csrf);
      },
    );

    app.patch(
      '/me',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Change your display name', body: z.object({ name: nameSchema }), response: { 200: okSchema } },
      },
      async (request) => {
        await s.users.updateName(requirePrincipal(request).userId, request.body.name);
        return { ok: true as const };
      },
    );

    app.post(
      '/password',
      {
        config: { permission: 'authenticated', rateLimit: signInRateLimit(ctx) },
        schema: {
          tags,
          summary: 'Change your password (ends your other sessions and deletes all your API tokens)',
          body: z.object({ currentPassword: passwordInput, newPassword: passwordInput }),
          response: {
            200: z.object({
              ok: z.literal(true),
              sessionsEnded: z.number().int().describe('Your other browser sessions, now signed out.'),
              tokensRevoked: z.number().int().describe('Your API tokens in every workspace, now deleted: whoever held one held your access.'),
            }),
          },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const user = await s.users.findById(p.userId);
        if (!user || !(await checkPassword(request.body.currentPassword, user.password_hash))) {
          throw new AppError('auth.invalid_credentials', 'The current password is wrong.', { status: 400, fields: [{ field: 'body.currentPassword', message: 'is wrong' }] });
        }
        assertAcceptablePassword(request.body.newPassword, { email: user.email, name: user.name }, 'newPassword');
        await s.users.setPasswordHash(user.id, await hashPassword(request.body.newPassword));
        // A password is changed because it may have leaked: nothing obtained with it may outlive it.
        const sessionsEnded = await s.sessions.revokeAll(user.id, p.sessionId);
        const tokensRevoked = await s.tokens.revokeAllForUser(user.id);
        await s.oauth.revokeAllForUser(user.id);
        await recordAuthEvent(ctx, request, { action: 'auth.password_changed', outcome: 'success', actorId: user.id, workspaceId: p.workspaceId, target: user.id, details: { sessionsEnded, tokensRevoked } });
        return { ok: true as const, sessionsEnded, tokensRevoked };
      },
    );

    app.get(
      '/csrf',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: 'The CSRF token of your session (null without a session)',
          response: { 200: z.object({ csrfToken: z.string().nullable() }) },
        },
      },
      async (request) => {
        const secret = readCookie(request, SESSION_COOKIE);
        return { csrfToken: request.principal?.via === 'session' && secret ? csrfTokenFor(secret) : null };
      },
    );

    app.get(
      '/sessions',
      {
        config: { permission: 'session' },
        schema: { tags, summary: 'Your active sessions', response: { 200: z.object({ sessions: z.array(sessionSchema) }) } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const list = await s.sessions.listForUser(p.userId);
        return { sessions: list.map((x) => ({ ...x, current: x.id === p.sessionId })) };
      },
    );

    app.delete(
      '/sessions/:id',
      {
        config: { permission: 'session' },
        schema: { tags, summary: 'End one of your sessions', params: z.object({ id: z.string().min(1).max(200) }), response: { 200: okSchema } },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        if (!(await s.sessions.revoke(p.userId, request.params.id))) throw new AppError('auth.session_not_found', 'That session was not found.', { status: 404 });
        if (request.params.id === p.sessionId) endSessionCookie(ctx, request, reply);
        await recordAuthEvent(ctx, request, { action: 'auth.sessions_revoked', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: request.params.id });
        return { ok: true as const };
      },
    );

    app.post(
      '/sessions/revoke-all',
      {
        config: { permission: 'session' },
        schema: {
          tags,
          summary: 'Sign out everywhere (optionally keeping this session)',
          body: z.object({ keepCurrent: z.boolean().default(false) }).default({ keepCurrent: false }),
          response: { 200: z.object({ revoked: z.number().int() }) },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const keep = request.body.keepCurrent ? p.sessionId : undefined;
        const revoked = await s.sessions.revokeAll(p.userId, keep);
        if (!keep && p.via === 'session') endSessionCookie(ctx, request, reply);
        await recordAuthEvent(ctx, request, { action: 'auth.sessions_revoked', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, details: { count: revoked } });
        return { revoked };
      },
    );
  };
}
