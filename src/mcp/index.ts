/** Atom as an MCP server (/mcp): its tools, resources and the protected-resource metadata. */
export { mcpRoutes, type McpRoutesOptions } from './routes.js';
export { mcpTools } from './server.js';
