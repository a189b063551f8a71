import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor, recordAudit } from '../../audit/index.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import { oauthEngine } from '../oauth/shared.js';
import { connectionDetailSchema, connectionEventSchema as eventSchema, connectionHealthSchema as healthSchema, connectionListSchema, connectionViewSchema } from '../../shared/connections.js';
import { connectionService, pastedCredentialsSchema } from './service.js';

const idParams = z.object({ id: z.string().min(1).max(200) });
// Only same-site paths may be returned to after consent (no open redirect).
const returnToSchema = z.string().regex(/^\/(?!\/)[^\s]*$/, { error: 'must be a path on this site, such as /integrations' }).max(500);

/** /api/connections and /api/oauth/callback. */
export function connectionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const service = connectionService(ctx);
  const engine = oauthEngine(ctx);
  const audit = (request: Parameters<typeof auditActor>[0], action: string, id: string, details: Record<string, unknown>, outcome: 'success' | 'failure' = 'success') =>
    recordAudit(ctx.db, { ...auditActor(request), action, target: { type: 'connection', id }, outcome, details }).catch((err: unknown) =>
      ctx.logger.error({ err }, 'could not record audit entry'),
    );

  return async (app) => {
    app.get(
      '/api/connections',
      {
        config: { permission: 'connections:read' },
        schema: {
          tags: ['connections'],
          summary: "The workspace's connections (and the caller's personal ones)",
          querystring: z.object({ service: z.string().max(100).optional() }),
          response: { 200: connectionListSchema },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        return { items: await service.list(p.workspaceId, p.userId, req.query.service) };
      },
    );

    app.get(
      '/api/connections/:id',
      {
        config: { permission: 'connections:read' },
        schema: {
          tags: ['connections'],
          summary: 'One connection with its health and recent errors',
          params: idParams,
          response: { 200: connectionDetailSchema },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        return service.healthOf(p, req.params.id);
      },
    );

    app.get(
      '/api/connections/:id/health',
      {
        config: { permission: 'connections:read' },
        schema: {
          tags: ['connections'],
          summary: "A connection's health: status, last success and error, error rate, latency",
          params: idParams,
          response: { 200: healthSchema.extend({ recentErrors: z.array(eventSchema) }) },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        const h = await service.healthOf(p, req.params.id);
        return { ...h.health, recentErrors: h.recentErrors };
      },
    );

    app.post(
      '/api/connections/:id/check',
      {
        config: { permission: 'connections:manage' },
        schema: {
          tags: ['connections'],
          summary: "Runs the service's cheap check now and returns the resulting health",
          params: idParams,
          response: { 200: healthSchema },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        const row = await service.mustFind(p, req.params.id, 'manage');
        await service.check(row);
        return (await service.healthOf(p, row.id)).health;
      },
    );

    app.post(
      '/api/connections',
      {
        config: { permission: 'connections:manage' },
        schema: {
          tags: ['connections'],
          summary: 'Connects a service with an API key, user name and password, or a pasted token',
          body: z.object({
            service: z.string().min(1).max(100),
            label: z.string().trim().min(1).max(200).optional(),
            personal: z.boolean().default(false),
            credentials: pastedCredentialsSchema,
            /** Run the service's cheap check before saving (default true). */
            verify: z.boolean().default(true),
          }),
          response: { 201: connectionViewSchema },
        },
      },
      async (req, reply) => {
        const p = requirePrincipal(req);
        const view = await service.create({ workspaceId: p.workspaceId, userId: p.userId, serviceId: req.body.service, label: req.body.label, personal: req.body.personal, credentials: req.body.credentials, verify: req.body.verify });
        await audit(req, 'integrations.connection.created', view.id, { service: view.service, authKind: view.authKind, personal: view.personal });
        return reply.code(201).send(view);
      },
    );

    app.delete(
      '/api/connections/:id',
      {
        config: { permission: 'connections:manage' },
        schema: {
          tags: ['connections'],
          summary: 'Disconnects: revokes the tokens at the provider when it supports it, then forgets them',
          params: idParams,
          response: { 200: z.object({ id: z.string(), revocation: z.enum(['revoked', 'unsupported', 'failed']) }) },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        const r = await service.remove(p, req.params.id);
        await audit(req, 'integrations.connection.deleted', req.params.id, { revocation: r.revocation });
        return { id: req.params.id, ...r };
      },
    );

    app.post(
      '/api/connections/:service/oauth/start',
      {
        config: { permission: 'connections:manage' },
        schema: {
          tags: ['connections'],
          summary: "Starts connecting a service through OAuth: returns the provider's consent URL",
          params: z.object({ service: z.string().min(1).max(100) }),
          body: z
            .object({
              label: z.string().trim().min(1).max(200).optional(),
              personal: z.boolean().default(false),
              returnTo: returnToSchema.optional(),
              access: z.enum(['read', 'write']).default('read').describe("read (default): the narrowest scopes; write: also the service's write scopes (OneDrive uploads and sharing)"),
            })
            .default({ personal: false, access: 'read' }),
          response: { 200: z.object({ authorizationUrl: z.string(), expiresAt: z.string(), redirectUri: z.string() }) },
        },
      },
      async (req) => {
        const p = requirePrincipal(req);
        const r = await engine.start({ workspaceId: p.workspaceId, userId: p.userId, serviceId: req.params.service, label: req.body.label, personal: req.body.personal, returnTo: req.body.returnTo, access: req.body.access });
        return { ...r, redirectUri: engine.redirectUri() };
      },
    );

    app.get(
      '/api/oauth/callback',
      {
        // Public: the provider redirects the browser here; the signed state binds it to the user who started it.
        config: { permission: 'public' },
        schema: {
          tags: ['connections'],
          summary: 'Where providers send the browser back after consent (redirects to the web app)',
          querystring: z.object({ state: z.string().min(1).max(500), code: z.string().max(4096).optional(), error: z.string().max(200).optional(), error_description: z.string().max(1000).optional() }).loose(),
          response: { 302: z.null(), 200: z.string() },
        },
      },
      async (req, reply) => {
        const q = req.query;
        // Trello returns its token in the URL fragment, which only the browser sees: hand it a page that posts it.
        if (!q.code && !q.error) {
          return reply.type('text/html; charset=utf-8').send(fragmentPage);
        }
        try {
          const { connection, returnTo } = await engine.complete({ state: q.state, code: q.code, error: q.error, errorDescription: q.error_description, callerUserId: req.principal?.userId });
          await recordAudit(ctx.db, { ...auditActor(req), workspaceId: connection.workspace_id, actorId: connection.created_by, action: 'integrations.connection.created', target: { type: 'connection', id: connection.id }, outcome: 'success', details: { service: connection.service_id, via: 'oauth' } }).catch(() => undefined);
          return reply.redirect(afterConsent(returnTo, connection.id));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          return reply.redirect(`/integrations?oauthError=${encodeURIComponent(err.code)}&message=${encodeURIComponent(err.message)}`);
        }
      },
    );

    app.post(
      '/api/oauth/callback/token',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['connections'],
          summary: "Completes a token-in-fragment flow (Trello's): the callback page posts the token here",
          body: z.object({ state: z.string().min(1).max(500), token: z.string().min(1).max(4096) }),
          response: { 200: z.object({ connectionId: z.string(), redirect: z.string() }) },
        },
      },
      async (req) => {
        const { connection, returnTo } = await engine.complete({ state: req.body.state, token: req.body.token, callerUserId: req.principal?.userId });
        return { connectionId: connection.id, redirect: afterConsent(returnTo, connection.id) };
      },
    );

    app.get('/api/oauth/fragment.js', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').send(fragmentScript),
    );
  };
}

/** Where the browser lands after a consent: the page it started from, or the new connection's page. */
const afterConsent = (returnTo: string | null, id: string) =>
  returnTo ? `${returnTo}${returnTo.includes('?') ? '&' : '?'}connection=${encodeURIComponent(id)}&connected=1` : `/integrations/connections/${encodeURIComponent(id)}?connected=1`;

const fragmentPage = '<!doctype html><meta charset="utf-8"><title>Connecting…</title><p id="m">Connecting…</p><script src="/api/oauth/fragment.js"></script>';
const fragmentScript = `(async () => {
  const q = new URLSearchParams(location.search);
  const f = new URLSearchParams(location.hash.slice(1));
  const token = f.get('token');
  const m = document.getElementById('m');
  if (!token) { m.textContent = 'The service did not hand back a token. Close this window and try again.'; return; }
  const r = await fetch('/api/oauth/callback/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: q.get('state'), token }) });
  const b = await r.json();
  if (r.ok) location.replace(b.redirect); else m.textContent = b.detail || 'Connecting failed.';
})();`;
