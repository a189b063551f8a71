import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor } from '../audit/index.js';
import { OAUTH_SCOPE, publicBaseUrl } from '../auth/index.js';
import type { McpCallContext } from './tool.js';
import type { Memory } from '../memory/index.js';
import type { Actor } from '../platform/access/index.js';
import { requirePrincipal } from '../platform/http/index.js';
import { errors, type AppContext } from '../platform/index.js';
import { buildMcpServer } from './server.js';

export interface McpRoutesOptions {
  /** The app's one memory (search and documents). */
  memory: Memory;
  /** The AI domain's workflow drafter (the draft_workflow tool), passed in so mcp does not import ai. */
  drafter: McpCallContext['drafter'];
}

const tags = ['mcp'];
const METADATA_PATH = '/.well-known/oauth-protected-resource';

const baseUrl = publicBaseUrl;

const metadataSchema = z.object({
  resource: z.string(),
  resource_name: z.string(),
  authorization_servers: z.array(z.string()),
  scopes_supported: z.array(z.string()),
  bearer_methods_supported: z.array(z.string()),
  resource_documentation: z.string(),
});

const jsonRpcError = z.object({ jsonrpc: z.literal('2.0'), error: z.object({ code: z.number(), message: z.string() }), id: z.null() });

/** Only tool requests need the exposed workflows' run tools; the rest skip listing them. */
const asksForTools = (body: unknown): boolean =>
  (Array.isArray(body) ? body : [body]).some((m) => typeof m === 'object' && m !== null && ['tools/list', 'tools/call'].includes(String((m as { method?: unknown }).method)));

/**
 * Atom as an MCP server: `POST /mcp` (Streamable HTTP, stateless: a fresh server per request for the
 * caller), authenticated like the API (a bearer API token; the same rate limits and admission), and the
 * protected-resource metadata (RFC 9728) a 401 points at.
 */
export function mcpRoutes(ctx: AppContext, options: McpRoutesOptions): FastifyPluginAsyncZod {
  return async (app) => {
    // Clients find out how to authenticate from the 401 (MCP authorization, RFC 9728 §5.1).
    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode === 401) void reply.header('www-authenticate', `Bearer resource_metadata="${baseUrl(ctx, request)}${METADATA_PATH}"`);
      return payload;
    });

    const metadata = async (request: FastifyRequest) => ({
      resource: `${baseUrl(ctx, request)}/mcp`,
      resource_name: 'Atom',
      // Atom is its own authorization server (src/auth/oauth-server); API tokens work as bearer tokens too.
      authorization_servers: [baseUrl(ctx, request)],
      scopes_supported: [OAUTH_SCOPE],
      bearer_methods_supported: ['header'],
      resource_documentation: `${baseUrl(ctx, request)}/docs`,
    });
    for (const url of [METADATA_PATH, `${METADATA_PATH}/mcp`]) {
      app.get(url, { config: { permission: 'public' }, schema: { tags, summary: 'OAuth protected-resource metadata of the MCP endpoint (RFC 9728): Atom is its authorization server; an Atom API token works as a bearer token too.', response: { 200: metadataSchema } } }, metadata);
    }

    app.post(
      '/mcp',
      {
        // MCP clients are AI agents: their calls wait on runs and searches like chat turns do.
        config: { permission: 'authenticated', admission: 'chat' },
        schema: {
          tags,
          summary: 'Model Context Protocol endpoint (Streamable HTTP, stateless): tools and resources of Atom, acting as the token owner.',
          description: 'Send JSON-RPC messages as the MCP specification describes, with `Accept: application/json, text/event-stream` and `Authorization: Bearer atom_...`. See docs/mcp.md.',
          body: z.unknown(),
          response: { 200: z.unknown().describe('application/json: the JSON-RPC response (202 with no body for notifications).') },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        if (!p.workspaceId) throw errors.forbidden('Join or create a workspace first.', 'mcp.no_workspace');
        const actor: Actor = { userId: p.userId, workspaceId: p.workspaceId, role: p.role, permissions: p.permissions, via: 'mcp', scopeRole: p.scopeRole };
        const server = await buildMcpServer({ ctx, memory: options.memory, drafter: options.drafter, actor }, auditActor(request), { workflowTools: asksForTools(request.body) });
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        reply.hijack();
        const raw = reply.raw;
        // Headers set by earlier hooks (request id, helmet, rate limit) still go out with the hijacked answer.
        for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
        raw.on('close', () => {
          void transport.close();
          void server.close();
        });
        try {
          await server.connect(transport);
          await transport.handleRequest(request.raw, raw, request.body);
        } catch (err) {
          ctx.logger.error({ err }, 'mcp: request failed');
          if (!raw.headersSent) raw.writeHead(500, { 'content-type': 'application/json' });
          if (!raw.writableEnded) raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
        }
      },
    );

    // Stateless: no server-initiated stream to open and no session to end (the specification's 405).
    const notAllowed = { jsonrpc: '2.0' as const, error: { code: -32000, message: 'Method not allowed: this MCP server is stateless; POST JSON-RPC messages to /mcp.' }, id: null };
    for (const method of ['GET', 'DELETE'] as const) {
      app.route({
        method,
        url: '/mcp',
        config: { permission: 'authenticated', admission: 'read' },
        schema: { tags, summary: `${method} /mcp: not used by this stateless MCP server (405).`, response: { 405: jsonRpcError } },
        handler: async (_request, reply) => reply.code(405).header('allow', 'POST').send(notAllowed),
      });
    }
  };
}
