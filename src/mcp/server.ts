import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import { memberPrincipals } from '../memory/index.js';
import { documentPassages } from '../memory/passages.js';
import { isAppError } from '../platform/index.js';
import { exposedWorkflows } from './exposed.js';
import type { McpCallContext, McpTool } from './tool.js';
import { documentLink, holds, readsWorkflows } from './tools/common.js';
import { documentPassagesTool } from './tools/document-passages.js';
import { draftWorkflowTool } from './tools/draft-workflow.js';
import { getRunTool } from './tools/get-run.js';
import { listWorkflowsTool } from './tools/list-workflows.js';
import { runWorkflowTool } from './tools/run-workflow.js';
import { searchMemoryTool } from './tools/search-memory.js';

/** Atom's own tools, offered to every caller (a refused call says why and is audited). */
export const mcpTools: readonly McpTool[] = [searchMemoryTool, documentPassagesTool, listWorkflowsTool, getRunTool, draftWorkflowTool];

/** Who made the request, for the audit trail (the fields auditActor(request) gives). */
export type AuditBase = Pick<AuditEntry, 'workspaceId' | 'actorId' | 'actorType' | 'ip' | 'userAgent' | 'requestId'>;

const DOCUMENT_LIST_LIMIT = 200;

/**
 * The MCP server for one request (stateless mode): the caller's tools and resources, each call
 * authorised as that caller with the permission its API route needs, and audited.
 * `workflowTools`: also offer the exposed workflows' run tools (only tool requests need them).
 */
export async function buildMcpServer(c: McpCallContext, audit: AuditBase, options: { workflowTools: boolean }): Promise<McpServer> {
  const server = new McpServer(
    { name: 'atom', title: 'Atom', version: '1.0.0' },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        "Atom is the team's automation and memory server. search_memory finds documents the caller may read; workflows run with run_* tools " +
        '(list_workflows shows them), and get_run follows a run. Every call acts with the permissions of the token owner.',
    },
  );
  const tools = [...mcpTools];
  // Listing exposed workflows reveals their names: only to callers who may read workflows (GET /api/workflows).
  if (options.workflowTools && readsWorkflows(c.actor).allowed) {
    for (const w of await exposedWorkflows(c.ctx, c.actor.workspaceId)) tools.push(runWorkflowTool(w));
  }
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { readOnlyHint: tool.readOnly, openWorldHint: !tool.readOnly } },
      (args: unknown) => callTool(tool, args, c, audit),
    );
  }
  registerDocuments(server, c, audit);
  return server;
}

async function callTool(tool: McpTool, args: unknown, c: McpCallContext, audit: AuditBase): Promise<CallToolResult> {
  const record = async (outcome: AuditEntry['outcome'], details: Record<string, unknown>) => {
    try {
      await recordAudit(c.ctx.db, { ...audit, action: 'mcp.tool.called', outcome, target: { type: 'mcp_tool', id: tool.name }, details: { tool: tool.name, route: tool.route, arguments: args, ...details } });
    } catch (err) {
      c.ctx.logger.error({ err, tool: tool.name }, 'mcp: could not record the audit entry');
    }
  };
  const decision = tool.allowed(c.actor);
  if (!decision.allowed) {
    await record('denied', { code: decision.code });
    return { isError: true, content: [{ type: 'text', text: decision.reason }] };
  }
  try {
    const result = await tool.run(args as never, c);
    const runId = typeof result['runId'] === 'string' ? { runId: result['runId'] } : {};
    await record('success', runId);
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  } catch (err) {
    if (!isAppError(err)) c.ctx.logger.error({ err, tool: tool.name }, 'mcp: tool failed');
    const code = isAppError(err) ? err.code : 'mcp.tool.failed';
    // A refusal from deeper down (saving without workflows:write, a private document) is a denial too.
    await record(isAppError(err) && (err.status === 403 || err.status === 404) ? 'denied' : 'failure', { code });
    return { isError: true, content: [{ type: 'text', text: isAppError(err) ? err.message : 'The tool failed; the server log has the details.' }] };
  }
}

/** Resources: the documents the caller may read (GET /api/memory/documents), as plain text. */
function registerDocuments(server: McpServer, c: McpCallContext, audit: AuditBase): void {
  const mayRead = holds('memory:read');
  const assertMayRead = () => {
    const d = mayRead(c.actor);
    if (!d.allowed) throw new McpError(ErrorCode.InvalidRequest, d.reason);
  };
  const principals = () => memberPrincipals(c.ctx, c.actor.workspaceId, c.actor.userId);
  server.registerResource(
    'document',
    new ResourceTemplate('atom://documents/{documentId}', {
      list: async () => {
        assertMayRead();
        const rows = await c.memory.documents.list(c.actor.workspaceId, await principals(), { status: 'indexed', limit: DOCUMENT_LIST_LIMIT });
        return { resources: rows.map((d) => ({ uri: `atom://documents/${encodeURIComponent(d.id)}`, name: d.title, mimeType: 'text/plain', description: documentLink(c.ctx, d.id, d.url) })) };
      },
    }),
    { title: 'Documents', description: "Documents of Atom's memory the caller may read, as plain text.", mimeType: 'text/plain' },
    async (uri, variables) => {
      assertMayRead();
      const documentId = decodeURIComponent(String(variables['documentId'] ?? ''));
      const found = await documentPassages(c.memory, { workspaceId: c.actor.workspaceId, documentId, principals: await principals() });
      await recordAudit(c.ctx.db, { ...audit, action: 'mcp.resource.read', outcome: found ? 'success' : 'denied', target: { type: 'document', id: documentId } }).catch((err: unknown) =>
        c.ctx.logger.error({ err }, 'mcp: could not record the audit entry'),
      );
      if (!found) throw new McpError(ErrorCode.InvalidParams, 'The document was not found.');
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: found.passages.map((p) => p.text).join('\n\n') }] };
    },
  );
}
