import type { AtomModule } from '../platform/index.js';
import { mcpServerRoutes } from './client/routes.js';
import { mcpRoutes, type McpRoutesOptions } from './routes.js';
import { registerMcpWorkflowAction } from './client/workflow-action.js';
/** Atom as an MCP server (/mcp): its tools, resources and the protected-resource metadata. */
export { mcpRoutes, type McpRoutesOptions } from './routes.js';
export { mcpTools } from './server.js';
/** Atom as an MCP client: external servers (/api/mcp-servers) and calls to their tools. */
export { mcpServerRoutes } from './client/routes.js';
export { createMcpServerStore, type McpServerStore, type McpServerInfo, type McpServerTarget } from './client/mcp-server-repository.js';
export { listRemoteTools, callRemoteTool, type RemoteTool } from './client/remote.js';
export { registerMcpWorkflowAction, mcpCallDestination } from './client/workflow-action.js';

/** Atom as an MCP server (/mcp and its protected-resource metadata), each tool call as the token's owner. */
export const mcpModule: AtomModule<object, McpRoutesOptions> = {
  name: 'mcp',
  routes: (ctx, deps) => [{ plugin: mcpRoutes(ctx, { memory: deps.memory, drafter: deps.drafter }) }],
};

/** Atom as an MCP client: external servers an admin registers (/api/mcp-servers). */
export const mcpClientModule: AtomModule = {
  name: 'mcp-client',
  // `mcp.call_tool`: a workflow step that calls a tool of a registered server.
  install: (ctx) => registerMcpWorkflowAction(ctx),
  routes: (ctx) => [{ plugin: mcpServerRoutes(ctx), prefix: '/api/mcp-servers' }],
};
