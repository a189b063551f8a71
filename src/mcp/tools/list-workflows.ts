import { z } from 'zod';
import { workflowRuntime } from '../../workflows/index.js';
import { exposedWorkflows } from '../exposed.js';
import { defineTool } from '../tool.js';
import { readsWorkflows } from './common.js';

/** GET /api/workflows: the workspace's workflows, with the tool name of those exposed over MCP. */
export const listWorkflowsTool = defineTool({
  name: 'list_workflows',
  title: 'List workflows',
  description: "Lists the workspace's Atom workflows: id, name, description, whether active, and for those offered as tools the tool that runs them (run_...).",
  input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
  route: 'GET /api/workflows',
  readOnly: true,
  allowed: readsWorkflows,
  async run(input, c) {
    const rows = await workflowRuntime(c.ctx).engine.workflows.list(c.actor.workspaceId, { limit: input.limit });
    const tools = new Map((await exposedWorkflows(c.ctx, c.actor.workspaceId)).map((w) => [w.workflowId, w.toolName]));
    return {
      workflows: rows.map((w) => ({
        id: w.id,
        name: w.name,
        description: w.description,
        active: w.active,
        publishedVersion: w.publishedVersion,
        ...(tools.has(w.id) ? { tool: tools.get(w.id) } : {}),
      })),
    };
  },
});
