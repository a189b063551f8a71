/** Atom as an MCP server (/mcp): its tools, resources and the protected-resource metadata. */
export { mcpRoutes, type McpRoutesOptions } from './routes.js';
export { mcpTools } from './server.js';
/** Atom as an MCP client: external servers (/api/mcp-servers) and calls to their tools. */
export { mcpServerRoutes } from './client/routes.js';
export { createMcpServerStore, type McpServerStore, type McpServerInfo, type McpServerTarget } from './client/mcp-server-repository.js';
export { listRemoteTools, callRemoteTool, type RemoteTool } from './client/remote.js';
export { registerMcpWorkflowAction, mcpCallDestination } from './client/workflow-action.js';
