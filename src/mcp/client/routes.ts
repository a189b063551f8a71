import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor, recordAudit } from '../../audit/index.js';
import { assertBaseUrlAllowed } from '../../ai/providers/outbound.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { publicBaseUrl } from '../../auth/index.js';
import { providerFetch } from '../../ai/providers/outbound.js';
import { AppError } from '../../platform/index.js';
import { AtomOAuthProvider, MCP_OAUTH_CALLBACK_PATH } from './oauth.js';
import { listRemoteTools } from './remote.js';
import { createMcpServerStore, mcpHeadersSchema, mcpServerNameSchema } from './mcp-server-repository.js';

// Header values are never returned: only their names, so an admin can see what is set.
const serverView = z
  .object({ id: z.string(), name: z.string(), url: z.string(), headerNames: z.array(z.string()), auth: z.enum(['headers', 'oauth']), oauthConnected: z.boolean(), createdBy: z.string(), createdAt: z.string() })
  .meta({ id: 'McpServer' });
const toolView = z.object({ name: z.string(), description: z.string().optional(), inputSchema: z.record(z.string(), z.unknown()) });
const idParams = z.object({ id: z.string().min(1).max(200) });
const createBody = z.object({
  name: mcpServerNameSchema,
  url: z.url({ protocol: /^https?$/ }).max(2_048),
  headers: mcpHeadersSchema.optional(),
  auth: z.enum(['headers', 'oauth']).default('headers').describe("'oauth': Atom authorizes itself with the MCP authorization flow (POST /:id/oauth/start)."),
  oauth: z
    .object({ clientId: z.string().min(1).max(500).optional(), clientSecret: z.string().min(1).max(2_000).optional() })
    .optional()
    .describe("A client registered by hand at the server's authorization server; without it Atom registers itself (RFC 7591). The secret is sealed."),
});

/** /api/mcp-servers: external MCP servers (Streamable HTTP) whose tools Atom may call. */
export function mcpServerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const store = createMcpServerStore(ctx.db, createVault(ctx));
    const audit = async (request: Parameters<typeof auditActor>[0], action: string, id: string) => {
      try {
        await recordAudit(ctx.db, { ...auditActor(request), action, outcome: 'success', target: { type: 'mcp_server', id } });
      } catch (err) {
        ctx.logger.error({ err, action }, 'could not record the audit entry');
      }
    };

    app.get('', { config: { permission: 'workflows:read' }, schema: { tags: ['mcp'], summary: 'External MCP servers of the workspace (header values hidden).', response: { 200: z.object({ items: z.array(serverView) }) } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      return { items: await store.list(workspaceId) };
    });

    app.post(
      '',
      { config: { permission: 'settings:manage' }, schema: { tags: ['mcp'], summary: 'Registers an external MCP server (headers sealed; never shown again).', body: createBody, response: { 201: serverView } } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        assertBaseUrlAllowed(request.body.url, ctx.config.ATOM_SSRF_ALLOW, 'body.url');
        if (await store.byName(p.workspaceId, request.body.name)) throw errors.conflict(`An MCP server named ${request.body.name} already exists.`, 'mcp.server_exists');
        const b = request.body;
        const info = await store.create(p.workspaceId, { name: b.name, url: b.url, headers: b.headers ?? {}, ...(b.auth === 'oauth' ? { oauth: b.oauth ?? {} } : {}) }, p.userId);
        await audit(request, 'mcp.server.created', info.id);
        return reply.code(201).send(info);
      },
    );

    app.delete('/:id', { config: { permission: 'settings:manage' }, schema: { tags: ['mcp'], summary: 'Removes an external MCP server.', params: idParams, response: { 204: z.null() } } }, async (request, reply) => {
      const { workspaceId } = requirePrincipal(request);
      if (!(await store.remove(workspaceId, request.params.id))) throw errors.notFound('MCP server', 'mcp.server_not_found');
      await audit(request, 'mcp.server.deleted', request.params.id);
      return reply.code(204).send(null);
    });

    const guardedFetch = providerFetch(ctx.config.ATOM_SSRF_ALLOW);

    app.post(
      '/:id/oauth/start',
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['mcp'],
          summary: "Starts (or renews) Atom's OAuth authorization at an external MCP server: discovery, registration, PKCE. Open authorizationUrl in the browser; the server sends it back to Atom's callback.",
          params: idParams,
          response: { 200: z.object({ status: z.enum(['redirect', 'authorized']), authorizationUrl: z.string().optional() }) },
        },
      },
      async (request) => {
        const { workspaceId } = requirePrincipal(request);
        const target = await store.target(workspaceId, request.params.id);
        if (!target) throw errors.notFound('MCP server', 'mcp.server_not_found');
        if (target.auth !== 'oauth') throw new AppError('mcp.client.not_oauth', 'This MCP server was registered with headers, not OAuth.', { status: 409 });
        const provider = new AtomOAuthProvider({ store, server: target, publicUrl: publicBaseUrl(ctx, request), interactive: true });
        // A fresh consent each time an admin asks: old tokens and a verifier in flight are dropped.
        await provider.invalidateCredentials('tokens');
        await provider.invalidateCredentials('verifier');
        const result = await auth(provider, { serverUrl: target.url, fetchFn: guardedFetch }).catch((err: unknown) => {
          throw err instanceof AppError ? err : new AppError('mcp.client.oauth_failed', `The MCP server ${target.name} did not accept Atom's authorization request: ${err instanceof Error ? err.message : String(err)}`, { status: 502, cause: err });
        });
        await audit(request, 'mcp.server.oauth_started', target.id);
        return result === 'REDIRECT' && provider.authorizationUrl ? { status: 'redirect' as const, authorizationUrl: provider.authorizationUrl.href } : { status: 'authorized' as const };
      },
    );

    app.get(
      MCP_OAUTH_CALLBACK_PATH.slice('/api/mcp-servers'.length),
      {
        config: { permission: 'settings:manage' },
        schema: {
          tags: ['mcp'],
          summary: "Where an external MCP server's authorization server sends the admin's browser back: exchanges the code (PKCE) and keeps the tokens sealed.",
          querystring: z.object({ code: z.string().max(4_000).optional(), state: z.string().max(500), error: z.string().max(200).optional(), error_description: z.string().max(2_000).optional() }),
          response: { 302: z.null() },
        },
      },
      async (request, reply) => {
        const { workspaceId } = requirePrincipal(request);
        const q = request.query;
        const serverId = q.state.split('.')[0] ?? '';
        const target = await store.target(workspaceId, serverId);
        // The state binds the answer to the authorization this workspace started, for this server.
        if (!target || (await store.oauthState(workspaceId, serverId)).state !== q.state) {
          throw new AppError('mcp.client.oauth_state', 'This authorization answer does not match one Atom started; start again.', { status: 400, fields: [{ field: 'querystring.state', message: 'does not match' }] });
        }
        const back = (outcome: string) => reply.redirect(`/integrations?mcpServer=${encodeURIComponent(target.id)}&oauth=${outcome}`, 302);
        if (q.error || !q.code) {
          await recordAudit(ctx.db, { ...auditActor(request), action: 'mcp.server.oauth_connected', outcome: 'failure', target: { type: 'mcp_server', id: target.id }, details: { error: q.error ?? 'no_code' } }).catch(() => undefined);
          return back('denied');
        }
        const provider = new AtomOAuthProvider({ store, server: target, publicUrl: publicBaseUrl(ctx, request), interactive: true });
        await auth(provider, { serverUrl: target.url, authorizationCode: q.code, fetchFn: guardedFetch }).catch((err: unknown) => {
          throw new AppError('mcp.client.oauth_failed', `The MCP server ${target.name} did not issue tokens: ${err instanceof Error ? err.message : String(err)}`, { status: 502, cause: err });
        });
        await store.updateOAuthState(workspaceId, target.id, (s) => {
          const { state: _state, codeVerifier: _verifier, ...rest } = s;
          return rest;
        });
        await audit(request, 'mcp.server.oauth_connected', target.id);
        return back('connected');
      },
    );

    app.get('/:id/tools', { config: { permission: 'workflows:read' }, schema: { tags: ['mcp'], summary: 'The tools an external MCP server offers (asks the server).', params: idParams, response: { 200: z.object({ items: z.array(toolView) }) } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const target = await store.target(workspaceId, request.params.id);
      if (!target) throw errors.notFound('MCP server', 'mcp.server_not_found');
      return { items: await listRemoteTools(target, ctx.config.ATOM_SSRF_ALLOW) };
    });
  };
}
