import { workflowRuntime } from '../workflows/index.js';
import type { AppContext } from '../platform/index.js';

/** A published workflow version that opted in to being an MCP tool (`settings.mcp.expose`). */
export interface ExposedWorkflow {
  workflowId: string;
  name: string;
  description: string;
  version: number;
  toolName: string;
  toolDescription: string;
  /** JSON Schema (type object) of the tool input; undefined: the tool takes `{ input: object }`. */
  inputSchema: Record<string, unknown> | undefined;
}

const defaultToolName = (workflowId: string) => `run_workflow_${workflowId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * The workspace's exposed workflows, from each one's published version (a draft never exposes a tool).
 * Two workflows asking for the same tool name: the first keeps it, the other falls back to its id.
 */
export async function exposedWorkflows(ctx: AppContext, workspaceId: string): Promise<ExposedWorkflow[]> {
  const store = workflowRuntime(ctx).engine.workflows;
  const taken = new Set<string>();
  const out: ExposedWorkflow[] = [];
  for (const wf of await store.listAll(workspaceId)) {
    if (!wf.publishedVersion) continue;
    const v = await store.getVersion(workspaceId, wf.id, wf.publishedVersion);
    const mcp = v.definition.settings.mcp;
    if (!mcp?.expose) continue;
    const wanted = mcp.toolName ? `run_${mcp.toolName}` : defaultToolName(wf.id);
    const toolName = taken.has(wanted) ? defaultToolName(wf.id) : wanted;
    taken.add(toolName);
    out.push({
      workflowId: wf.id,
      name: wf.name,
      description: wf.description,
      version: v.version,
      toolName,
      toolDescription: mcp.description ?? (wf.description || `Runs the Atom workflow "${wf.name}".`),
      inputSchema: mcp.inputSchema,
    });
  }
  return out;
}
