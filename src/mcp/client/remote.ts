import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { providerFetch } from '../../ai/providers/outbound.js';
import { assertUrlAllowed } from '../../platform/outbound/index.js';
import { AppError } from '../../platform/index.js';
import { oauthRequired } from './oauth.js';
import type { McpServerTarget } from './mcp-server-repository.js';

/** A tool an external MCP server offers, as listed by `tools/list`. */
export interface RemoteTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

const unreachable = (server: McpServerTarget, cause: unknown) =>
  cause instanceof AppError
    ? cause
    : cause instanceof UnauthorizedError && server.auth === 'oauth'
      ? oauthRequired(server)
    : new AppError('mcp.client.unreachable', `The MCP server ${server.name} (${server.url}) did not answer: ${cause instanceof Error ? cause.message : String(cause)}`, { status: 502, cause });

/**
 * Opens a session with an external server over Streamable HTTP, runs `use`, and closes it. Every request
 * goes through the SSRF-guarded fetch (internal addresses only when ATOM_SSRF_ALLOW lists them).
 */
async function withSession<T>(server: McpServerTarget, ssrfAllow: readonly string[], use: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(server.url);
  assertUrlAllowed(url, { allow: ssrfAllow });
  // Without tokens only an admin can start the authorization (POST /api/mcp-servers/:id/oauth/start).
  if (server.auth === 'oauth' && !(await server.authProvider?.tokens())) throw oauthRequired(server);
  // With OAuth the SDK adds the bearer token, refreshes it on a 401 and sends its token requests through the same guarded fetch.
  const transport = new StreamableHTTPClientTransport(url, { fetch: providerFetch(ssrfAllow), requestInit: { headers: server.headers }, ...(server.authProvider ? { authProvider: server.authProvider } : {}) });
  const client = new Client({ name: 'atom', version: '1.0.0' });
  try {
    await client.connect(transport);
    return await use(client);
  } catch (err) {
    throw unreachable(server, err);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** The tools the server lists (first page onwards, at most 1,000). */
export async function listRemoteTools(server: McpServerTarget, ssrfAllow: readonly string[]): Promise<RemoteTool[]> {
  return withSession(server, ssrfAllow, async (client) => {
    const tools: RemoteTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      for (const t of page.tools) tools.push({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema });
      cursor = page.nextCursor;
    } while (cursor && tools.length < 1_000);
    return tools;
  });
}

/** Calls one tool; the result is the server's `CallToolResult` (content, structuredContent, isError). */
export async function callRemoteTool(server: McpServerTarget, ssrfAllow: readonly string[], tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  return withSession(server, ssrfAllow, async (client) => (await client.callTool({ name: tool, arguments: args })) as Record<string, unknown>);
}
