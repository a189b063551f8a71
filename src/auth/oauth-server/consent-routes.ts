import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/access/index.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import { recordAuthEvent } from '../audit-trail.js';
import { assertMayGrant, assertRoleExists } from '../member-rules.js';
import { okSchema, roleNameSchema } from '../schemas.js';
import { authServices } from '../services.js';
import { authorizationRequestSchema, withQuery, type AuthorizationRequest } from './params.js';
import { mcpResourceUrl, OAUTH_SCOPE, publicBaseUrl } from './urls.js';
import { authorizationAskSchema, authorizationDecisionSchema, oauthGrantListSchema } from '../../shared/oauth.js';

const tags = ['oauth'];

const field = (name: string, message: string) => new AppError('oauth.invalid_request', `${name}: ${message}`, { status: 400, fields: [{ field: `body.${name}`, message }] });

/**
 * The consent side of Atom's OAuth server, for the signed-in web app (`/api/oauth`): what a client asks
 * for, the person's decision (which workspace, at most which role), and the connected clients they can
 * see and revoke in settings.
 */
export function oauthConsentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);

    /** The client and its redirect URI, checked again: the consent page's parameters came through the browser. */
    const checkRequest = async (request: FastifyRequest, q: AuthorizationRequest) => {
      const client = await s.oauth.findClient(q.client_id);
      if (!client) throw field('client_id', 'this client is not registered here');
      if (!client.redirectUris.includes(q.redirect_uri)) throw field('redirect_uri', 'is not one of the redirect URIs this client registered');
      const resource = mcpResourceUrl(ctx, request);
      if (q.resource !== undefined && q.resource !== resource) throw field('resource', `this server issues tokens only for ${resource}`);
      return { client, resource };
    };

    app.get(
      '/authorization',
      {
        config: { permission: 'session' },
        schema: {
          tags,
          summary: 'What an MCP client asks to be allowed (for the consent page): the client, where it will be sent, and the workspaces and roles you can grant.',
          querystring: authorizationRequestSchema,
          response: {
            200: authorizationAskSchema,
          },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const { client, resource } = await checkRequest(request, request.query);
        const workspaces = await s.workspaces.listForUser(p.userId);
        return {
          client: { id: client.id, name: client.name },
          redirectUri: request.query.redirect_uri,
          resource,
          workspaces: await Promise.all(workspaces.map(async (w) => ({ id: w.id, name: w.name, role: w.role, permissions: [...(await s.workspaces.permissionsOf(w.id, w.role))].sort() }))),
        };
      },
    );

    app.post(
      '/authorization',
      {
        config: { permission: 'session' },
        schema: {
          tags,
          summary: "Your decision on an MCP client's request: allow it in one workspace with at most a role (default: yours), or deny. Answers where to send the browser.",
          body: authorizationRequestSchema.extend({
            approve: z.boolean(),
            workspaceId: z.string().min(1).max(200).optional().describe('Required to approve: a workspace you are a member of.'),
            role: roleNameSchema.optional().describe('What the client may do there: a role whose permissions you hold. Omitted: your role.'),
          }),
          response: { 200: authorizationDecisionSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const b = request.body;
        const { client, resource } = await checkRequest(request, b);
        const iss = publicBaseUrl(ctx, request);
        if (!b.approve) {
          await recordAuthEvent(ctx, request, { action: 'auth.oauth_consent', outcome: 'failure', actorId: p.userId, workspaceId: b.workspaceId ?? null, target: client.id, details: { clientId: client.id, decision: 'denied' } });
          return { redirectTo: withQuery(b.redirect_uri, { error: 'access_denied', error_description: 'The user denied the request.', state: b.state, iss }) };
        }
        if (!b.workspaceId) throw field('workspaceId', 'choose a workspace');
        const membership = await s.workspaces.membership(b.workspaceId, p.userId);
        if (!membership) throw new AppError('auth.workspace_not_found', 'That workspace was not found.', { status: 404 });
        const role = b.role ?? membership.role;
        await assertRoleExists(s.workspaces, b.workspaceId, role);
        // The client gets at most what the person holds in that workspace now (like minting an API token).
        const actor: Actor = { userId: p.userId, workspaceId: b.workspaceId, role: membership.role, permissions: await s.workspaces.permissionsOf(b.workspaceId, membership.role), via: 'session' };
        await assertMayGrant(s.workspaces, actor, role);
        const code = await s.oauth.createCode({ client_id: client.id, user_id: p.userId, workspace_id: b.workspaceId, role, redirect_uri: b.redirect_uri, code_challenge: b.code_challenge, resource, scope: OAUTH_SCOPE });
        await recordAuthEvent(ctx, request, { action: 'auth.oauth_consent', outcome: 'success', actorId: p.userId, workspaceId: b.workspaceId, target: client.id, details: { clientId: client.id, clientName: client.name, role, decision: 'approved' } });
        return { redirectTo: withQuery(b.redirect_uri, { code, state: b.state, iss }) };
      },
    );

    app.get(
      '/grants',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'MCP clients you authorized in this workspace (OAuth grants; never their tokens).', response: { 200: oauthGrantListSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        return { grants: await s.oauth.list(p.workspaceId, p.userId) };
      },
    );

    app.delete(
      '/grants/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Revoke an MCP client you authorized: its access and refresh tokens stop working at once.', params: z.object({ id: z.string().min(1).max(200) }), response: { 200: okSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        if (!(await s.oauth.revoke(p.workspaceId, p.userId, request.params.id))) throw new AppError('oauth.grant_not_found', 'That authorized client was not found.', { status: 404 });
        await recordAuthEvent(ctx, request, { action: 'auth.oauth_grant_revoked', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: request.params.id, details: { reason: 'user_revoked' } });
        return { ok: true as const };
      },
    );
  };
}
