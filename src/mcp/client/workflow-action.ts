import { z } from 'zod';
import { isAppError, type AppContext } from '../../platform/index.js';
import { createVault } from '../../vault/index.js';
import { actionRegistry, defineAction, nonRetryable, retryable } from '../../workflows/index.js';
import { callRemoteTool, listRemoteTools } from './remote.js';
import { createMcpServerStore } from './mcp-server-repository.js';

const hasExpression = (v: unknown): boolean => typeof v === 'string' && v.includes('{{');

/**
 * `mcp.call_tool`: calls a tool of an external MCP server an admin registered, registered once into the
 * context's registry and run with that context.
 */
export function registerMcpWorkflowAction(ctx: AppContext): void {
  const registry = actionRegistry(ctx);
  if (registry.get('mcp.call_tool')) return;
  const store = () => ({ store: createMcpServerStore(ctx.db, createVault(ctx)), allow: ctx.config.ATOM_SSRF_ALLOW });
  registry.register(
    defineAction({
      id: 'mcp.call_tool',
      title: 'Call an MCP tool',
      description: 'Calls a tool of an external MCP server registered by an admin.',
      aiDescription: 'Use to call a tool of an external MCP server (listed under /api/mcp-servers). Prefer a dedicated integration action when one exists.',
      input: z.object({
        serverId: z.string().min(1),
        tool: z.string().min(1).max(200),
        arguments: z.record(z.string(), z.unknown()).default({}),
      }),
      output: z.object({ content: z.array(z.unknown()), structuredContent: z.unknown().optional(), isError: z.boolean() }),
      idempotent: false,
      sideEffect: true,
      // Checked at activation: the server is the workspace's, it offers the tool, and the required arguments are there.
      async checkConnection(workspaceId, input) {
        const serverId = input['serverId'];
        const tool = input['tool'];
        if (typeof serverId !== 'string' || hasExpression(serverId)) return 'Write the MCP server id itself: a computed server is not allowed.';
        if (typeof tool !== 'string' || hasExpression(tool)) return 'Write the tool name itself: a computed tool is not allowed.';
        const { store: servers, allow } = store();
        const target = await servers.target(workspaceId, serverId);
        if (!target) return `No MCP server ${serverId} is registered in this workspace.`;
        let tools;
        try {
          tools = await listRemoteTools(target, allow);
        } catch (err) {
          return `The MCP server ${target.name} could not list its tools: ${(err as Error).message}`;
        }
        const found = tools.find((t) => t.name === tool);
        if (!found) return `The MCP server ${target.name} has no tool ${tool}.`;
        const args = input['arguments'];
        if (hasExpression(args)) return undefined;
        const given = args && typeof args === 'object' ? Object.keys(args) : [];
        const required = Array.isArray(found.inputSchema['required']) ? (found.inputSchema['required'] as unknown[]).filter((r): r is string => typeof r === 'string') : [];
        const missing = required.filter((r) => !given.includes(r));
        return missing.length > 0 ? `The tool ${tool} needs the arguments ${missing.join(', ')}.` : undefined;
      },
      async run(actx, input) {
        const { store: servers, allow } = store();
        const target = await servers.target(actx.workspaceId, input.serverId);
        if (!target) throw nonRetryable('mcp.server_not_found', `No MCP server ${input.serverId} is registered in this workspace.`);
        let result: Record<string, unknown>;
        try {
          result = await callRemoteTool(target, allow, input.tool, input.arguments);
        } catch (err) {
          if (isAppError(err) && err.code === 'integrations.http.blocked_address') throw nonRetryable(err.code, err.message, { cause: err });
          throw retryable('mcp.client.unreachable', (err as Error).message, { cause: err });
        }
        const content = Array.isArray(result['content']) ? (result['content'] as unknown[]) : [];
        if (result['isError'] === true) throw nonRetryable('mcp.tool_error', `The tool ${input.tool} of ${target.name} answered an error: ${JSON.stringify(content).slice(0, 500)}`);
        return { content, ...(result['structuredContent'] !== undefined ? { structuredContent: result['structuredContent'] } : {}), isError: false };
      },
      async preview(_ctx, input) {
        return { content: [{ type: 'text', text: `would call ${input.tool} on MCP server ${input.serverId}` }], isError: false };
      },
    }),
  );
}

/**
 * What a chat confirmation card shows for `mcp.call_tool`: the server's full URL (every external tool may
 * send data out) and the full arguments, read from the workspace's registration, never from the model.
 */
export async function mcpCallDestination(ctx: AppContext, workspaceId: string, input: unknown): Promise<{ label: string; value: string }[]> {
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const serverId = typeof i['serverId'] === 'string' ? i['serverId'] : '';
  const server = serverId ? await createMcpServerStore(ctx.db, createVault(ctx)).get(workspaceId, serverId) : undefined;
  return [
    { label: 'MCP server', value: server ? `${server.name} (${server.url})` : `${serverId || 'none'}: not a registered server; the call will be refused` },
    { label: 'Tool', value: typeof i['tool'] === 'string' ? i['tool'] : String(i['tool']) },
    { label: 'Arguments', value: JSON.stringify(i['arguments'] ?? {}) },
  ];
}
