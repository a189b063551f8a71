import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/index.js';
import { recordAuthEvent } from '../audit-trail.js';
import { authServices } from '../services.js';
import { acceptableRedirectUri, authorizationRequestSchema, oauthErrorSchema, s256, withQuery } from './params.js';
import { ACCESS_TOKEN_SECONDS, type IssuedTokens } from './grant-repository.js';
import { mcpResourceUrl, OAUTH_SCOPE, publicBaseUrl } from './urls.js';

const tags = ['oauth'];
/** The consent page of the web app (web/src/pages/oauth/ConsentPage.tsx). */
export const CONSENT_PATH = '/oauth/consent';

const metadataSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  registration_endpoint: z.string(),
  revocation_endpoint: z.string(),
  scopes_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  grant_types_supported: z.array(z.string()),
  code_challenge_methods_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  revocation_endpoint_auth_methods_supported: z.array(z.string()),
  service_documentation: z.string(),
});

const registrationSchema = z.object({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
  client_name: z.string().trim().min(1).max(200).optional(),
  client_uri: z.string().max(2000).optional(),
  logo_uri: z.string().max(2000).optional(),
  grant_types: z.array(z.string()).optional(),
  response_types: z.array(z.string()).optional(),
  token_endpoint_auth_method: z.string().optional(),
  scope: z.string().max(500).optional(),
  software_id: z.string().max(200).optional(),
  software_version: z.string().max(200).optional(),
});
const registeredSchema = registrationSchema.extend({ client_id: z.string(), client_id_issued_at: z.number(), token_endpoint_auth_method: z.literal('none') });

const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({ grant_type: z.literal('authorization_code'), code: z.string().min(1), redirect_uri: z.string().min(1), client_id: z.string().min(1), code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/), resource: z.string().optional() }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1), client_id: z.string().min(1), resource: z.string().optional(), scope: z.string().optional() }),
]);
const tokenResponseSchema = z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number(), refresh_token: z.string(), scope: z.string() });
const revokeSchema = z.object({ token: z.string().min(1), client_id: z.string().min(1), token_type_hint: z.string().optional() });

const oauthError = (reply: FastifyReply, status: number, error: string, description: string) =>
  reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });

const firstIssue = (e: z.ZodError) => {
  const issue = e.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid request';
};

/**
 * Atom as the OAuth 2.1 authorization server of its MCP endpoint (MCP authorization, 2025-06-18):
 * metadata (RFC 8414), dynamic client registration (RFC 7591, public clients), the authorization
 * endpoint (code + PKCE S256; the consent itself is a page of the signed-in web app), the token
 * endpoint (tokens bound to the /mcp resource, RFC 8707, refresh tokens rotated) and revocation (RFC 7009).
 * The SDK's own server helpers (`mcpAuthRouter`) are Express middleware, so these are Fastify routes.
 */
export function oauthServerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);
    // Token and revocation requests are form-encoded (RFC 6749 §4.1.3); in this plugin's scope only.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    // Nothing here acts with a caller's session: a forged cross-site request can do no more than a stranger.
    const open = { permission: 'public', csrf: false } as const;

    app.get(
      '/.well-known/oauth-authorization-server',
      { config: { permission: 'public' }, schema: { tags, summary: 'OAuth authorization server metadata (RFC 8414) for MCP clients.', response: { 200: metadataSchema } } },
      async (request) => {
        const base = publicBaseUrl(ctx, request);
        return {
          issuer: base,
          authorization_endpoint: `${base}/oauth/authorize`,
          token_endpoint: `${base}/oauth/token`,
          registration_endpoint: `${base}/oauth/register`,
          revocation_endpoint: `${base}/oauth/revoke`,
          scopes_supported: [OAUTH_SCOPE],
          response_types_supported: ['code'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['none'],
          revocation_endpoint_auth_methods_supported: ['none'],
          service_documentation: `${base}/docs`,
        };
      },
    );

    app.post(
      '/oauth/register',
      {
        config: open,
        schema: { tags, summary: 'Dynamic client registration (RFC 7591): public clients with exact redirect URIs; PKCE replaces a secret.', body: z.unknown(), response: { 201: registeredSchema, 400: oauthErrorSchema } },
      },
      async (request, reply) => {
        const parsed = registrationSchema.safeParse(request.body);
        if (!parsed.success) return oauthError(reply, 400, 'invalid_client_metadata', firstIssue(parsed.error));
        const m = parsed.data;
        const bad = m.redirect_uris.find((u) => !acceptableRedirectUri(u));
        if (bad !== undefined) return oauthError(reply, 400, 'invalid_redirect_uri', `redirect_uris: ${bad} is not allowed (https, http on localhost, or an app's own scheme; no fragment).`);
        if (m.grant_types?.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) return oauthError(reply, 400, 'invalid_client_metadata', 'grant_types: only authorization_code and refresh_token are supported.');
        if (m.response_types?.some((r) => r !== 'code')) return oauthError(reply, 400, 'invalid_client_metadata', 'response_types: only code is supported.');
        const name = m.client_name ?? new URL(m.redirect_uris[0]!).host;
        // Every client is public (token_endpoint_auth_method none), whatever it asked for (RFC 7591 §3.2.1 lets the server say so).
        const registered = await s.oauth.registerClient({
          name,
          redirectUris: m.redirect_uris,
          metadata: { ...m, client_name: name, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', scope: OAUTH_SCOPE },
        });
        await recordAuthEvent(ctx, request, { action: 'auth.oauth_client_registered', outcome: 'success', actorId: null, workspaceId: null, target: String(registered['client_id']), details: { name } });
        return reply.code(201).header('cache-control', 'no-store').send(registeredSchema.parse(registered));
      },
    );

    app.get(
      '/oauth/authorize',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: 'Authorization endpoint: checks the request and sends the browser to the consent page of the web app (sign-in first).',
          // Loose here: each problem is answered the OAuth way (an error redirect) below, not as a 400.
          querystring: z.object(Object.fromEntries(['response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'scope', 'resource'].map((k) => [k, z.string().max(2000).optional()]))),
          response: { 302: z.null().describe('To the consent page, or back to the client with an error.'), 400: oauthErrorSchema },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const client = typeof q['client_id'] === 'string' ? await s.oauth.findClient(q['client_id']) : undefined;
        const redirectUri = typeof q['redirect_uri'] === 'string' ? q['redirect_uri'] : undefined;
        // Without a known client and one of its redirect URIs, sending the browser anywhere would be an open redirect.
        if (!client) return oauthError(reply, 400, 'invalid_client', 'client_id: this client is not registered here.');
        if (!redirectUri || !client.redirectUris.includes(redirectUri)) return oauthError(reply, 400, 'invalid_request', 'redirect_uri: not one of the redirect URIs this client registered.');
        const state = typeof q['state'] === 'string' ? q['state'] : undefined;
        const parsed = authorizationRequestSchema.safeParse(q);
        const back = (error: string, description: string) => reply.redirect(withQuery(redirectUri, { error, error_description: description, state, iss: publicBaseUrl(ctx, request) }), 302);
        if (!parsed.success) {
          const method = q['code_challenge_method'];
          return back('invalid_request', method !== undefined && method !== 'S256' ? 'code_challenge_method: only S256 is supported.' : firstIssue(parsed.error));
        }
        if (parsed.data.resource !== undefined && parsed.data.resource !== mcpResourceUrl(ctx, request)) return back('invalid_target', `resource: this server issues tokens only for ${mcpResourceUrl(ctx, request)}.`);
        if (parsed.data.scope && parsed.data.scope.split(' ').some((x) => x && x !== OAUTH_SCOPE)) return back('invalid_scope', `scope: only "${OAUTH_SCOPE}" is offered.`);
        const params = new URLSearchParams(Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === 'string'));
        return reply.redirect(`${CONSENT_PATH}?${params.toString()}`, 302);
      },
    );

    const answerTokens = (reply: FastifyReply, t: IssuedTokens) =>
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({ access_token: t.accessToken, token_type: 'Bearer' as const, expires_in: ACCESS_TOKEN_SECONDS, refresh_token: t.refreshToken, scope: t.scope });

    app.post(
      '/oauth/token',
      {
        config: open,
        schema: {
          tags,
          summary: 'Token endpoint: an authorization code (with its PKCE verifier) or a refresh token for an access token bound to /mcp; refresh tokens rotate.',
          body: z.unknown(),
          response: { 200: tokenResponseSchema, 400: oauthErrorSchema, 401: oauthErrorSchema },
        },
      },
      async (request, reply) => {
        const parsed = tokenRequestSchema.safeParse(request.body);
        if (!parsed.success) {
          const grantType = (request.body as { grant_type?: unknown } | undefined)?.grant_type;
          if (typeof grantType === 'string' && grantType !== 'authorization_code' && grantType !== 'refresh_token') return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type: authorization_code or refresh_token.');
          return oauthError(reply, 400, 'invalid_request', firstIssue(parsed.error));
        }
        const body = parsed.data;
        if (!(await s.oauth.findClient(body.client_id))) return oauthError(reply, 401, 'invalid_client', 'client_id: this client is not registered here.');
        const resource = mcpResourceUrl(ctx, request);
        if (body.resource !== undefined && body.resource !== resource) return oauthError(reply, 400, 'invalid_target', `resource: this server issues tokens only for ${resource}.`);
        if (body.grant_type === 'authorization_code') return exchangeCode(request, reply, body, resource);
        const r = await s.oauth.refresh(body.refresh_token, body.client_id);
        if (r.kind === 'reused') {
          await recordAuthEvent(ctx, request, { action: 'auth.oauth_grant_revoked', outcome: 'success', actorId: r.grant.user_id, workspaceId: r.grant.workspace_id, target: r.grant.id, details: { reason: 'refresh_token_reused' } });
          return oauthError(reply, 400, 'invalid_grant', 'This refresh token was already used; the grant has been revoked. Authorize again.');
        }
        if (r.kind === 'invalid') return oauthError(reply, 400, 'invalid_grant', 'The refresh token is unknown, expired or revoked.');
        if (!(await s.workspaces.membership(r.grant.workspace_id, r.grant.user_id))) {
          await s.oauth.revokeAllInWorkspace(r.grant.workspace_id, r.grant.user_id);
          return oauthError(reply, 400, 'invalid_grant', 'The person who authorized this client is no longer a member of the workspace.');
        }
        await recordAuthEvent(ctx, request, { action: 'auth.oauth_token_refreshed', outcome: 'success', actorId: r.grant.user_id, workspaceId: r.grant.workspace_id, target: r.grant.id, details: { clientId: body.client_id } });
        return answerTokens(reply, r.tokens);
      },
    );

    async function exchangeCode(request: FastifyRequest, reply: FastifyReply, body: { code: string; redirect_uri: string; client_id: string; code_verifier: string }, resource: string) {
      const r = await s.oauth.redeemCode(body.code);
      if (r.kind === 'reused') return oauthError(reply, 400, 'invalid_grant', 'This authorization code was already used; the tokens issued for it are revoked.');
      if (r.kind === 'invalid') return oauthError(reply, 400, 'invalid_grant', 'The authorization code is unknown or expired.');
      const c = r.row;
      if (c.client_id !== body.client_id || c.redirect_uri !== body.redirect_uri) return oauthError(reply, 400, 'invalid_grant', 'The code was issued to another client or redirect URI.');
      if (s256(body.code_verifier) !== c.code_challenge) {
        await recordAuthEvent(ctx, request, { action: 'auth.oauth_token_refused', outcome: 'failure', actorId: c.user_id, workspaceId: c.workspace_id, target: r.grantId, details: { reason: 'pkce_mismatch', clientId: c.client_id } });
        return oauthError(reply, 400, 'invalid_grant', 'code_verifier: does not match the code challenge (PKCE).');
      }
      if (c.resource !== resource) return oauthError(reply, 400, 'invalid_target', 'The code was issued for another resource.');
      if (!(await s.workspaces.membership(c.workspace_id, c.user_id))) return oauthError(reply, 400, 'invalid_grant', 'The person who authorized this client is no longer a member of the workspace.');
      const tokens = await s.oauth.createGrant(r.grantId, { client_id: c.client_id, user_id: c.user_id, workspace_id: c.workspace_id, role: c.role, resource: c.resource, scope: c.scope });
      await recordAuthEvent(ctx, request, { action: 'auth.oauth_token_issued', outcome: 'success', actorId: c.user_id, workspaceId: c.workspace_id, target: r.grantId, details: { clientId: c.client_id, role: c.role } });
      return answerTokens(reply, tokens);
    }

    app.post(
      '/oauth/revoke',
      {
        config: open,
        schema: { tags, summary: 'Token revocation (RFC 7009): ends the grant of an access or refresh token; unknown tokens answer 200 too.', body: z.unknown(), response: { 200: z.object({}), 400: oauthErrorSchema } },
      },
      async (request, reply) => {
        const parsed = revokeSchema.safeParse(request.body);
        if (!parsed.success) return oauthError(reply, 400, 'invalid_request', firstIssue(parsed.error));
        const grant = await s.oauth.revokeByToken(parsed.data.token, parsed.data.client_id);
        if (grant) {
          await recordAuthEvent(ctx, request, { action: 'auth.oauth_grant_revoked', outcome: 'success', actorId: grant.user_id, workspaceId: grant.workspace_id, target: grant.id, details: { reason: 'client_revoked' } });
        }
        return reply.header('cache-control', 'no-store').send({});
      },
    );
  };
}
