import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditActor, recordAudit } from '../../audit/index.js';
import { assertBaseUrlAllowed } from '../../ai/providers/outbound.js';
import { requirePrincipal } from '../../platform/http/index.js';
import { errors, type AppContext } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import { listRemoteTools } from './remote.js';
import { createMcpServerStore, mcpHeadersSchema, mcpServerNameSchema } from './store.js';

// Header values are never returned: only their names, so an admin can see what is set.
const serverView = z
  .object({ id: z.string(), name: z.string(), url: z.string(), headerNames: z.array(z.string()), createdBy: z.string(), createdAt: z.string() })
  .meta({ id: 'McpServer' });
const toolView = z.object({ name: z.string(), description: z.string().optional(), inputSchema: z.record(z.string(), z.unknown()) });
const idParams = z.object({ id: z.string().min(1).max(200) });
const createBody = z.object({
  name: mcpServerNameSchema,
  url: z.url({ protocol: /^https?$/ }).max(2_048),
  headers: mcpHeadersSchema.optional(),
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
        const info = await store.create(p.workspaceId, { name: request.body.name, url: request.body.url, headers: request.body.headers ?? {} }, p.userId);
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

    app.get('/:id/tools', { config: { permission: 'workflows:read' }, schema: { tags: ['mcp'], summary: 'The tools an external MCP server offers (asks the server).', params: idParams, response: { 200: z.object({ items: z.array(toolView) }) } } }, async (request) => {
      const { workspaceId } = requirePrincipal(request);
      const target = await store.target(workspaceId, request.params.id);
      if (!target) throw errors.notFound('MCP server', 'mcp.server_not_found');
      return { items: await listRemoteTools(target, ctx.config.ATOM_SSRF_ALLOW) };
    });
  };
}
