import { z } from 'zod';
import { workflowDesk, workflowRuntime } from '../../workflows/index.js';
import type { ExposedWorkflow } from '../exposed.js';
import { defineTool, type McpTool } from '../tool.js';
import { runsWorkflows } from './common.js';
import { runReport } from './get-run.js';

/** How long a run tool waits for the run to finish before answering with its status (then: get_run). */
const RUN_WAIT_MS = 10_000;

const genericInput = z.object({ input: z.record(z.string(), z.unknown()).default({}).describe("the run's trigger data") });

/** The workflow's declared input schema as the tool's, when it describes an object; else `{ input }`. */
function inputOf(w: ExposedWorkflow): { schema: z.ZodObject; declared: boolean } {
  if (w.inputSchema && (w.inputSchema['type'] === 'object' || typeof w.inputSchema['properties'] === 'object')) {
    try {
      const schema = z.fromJSONSchema({ type: 'object', ...w.inputSchema });
      if (schema instanceof z.ZodObject) return { schema, declared: true };
    } catch {
      // A schema zod cannot read is offered as the generic input rather than hiding the workflow.
    }
  }
  return { schema: genericInput, declared: false };
}

/**
 * POST /api/workflows/:id/run, for one exposed workflow: starts a run of its published version (acting
 * for the version's author, as the API does) and waits a little for it to finish.
 */
export function runWorkflowTool(w: ExposedWorkflow): McpTool {
  const { schema, declared } = inputOf(w);
  return defineTool({
    name: w.toolName,
    title: `Run workflow: ${w.name}`,
    description: `${w.toolDescription} (Runs the Atom workflow "${w.name}"; answers with the run's status and output, or its id to follow with get_run.)`,
    input: schema,
    route: 'POST /api/workflows/:id/run',
    readOnly: false,
    allowed: runsWorkflows,
    async run(input, c) {
      const triggerData: unknown = declared ? input : (input as z.output<typeof genericInput>).input;
      const { runId } = await workflowDesk(c.ctx).run({ workspaceId: c.actor.workspaceId, userId: c.actor.userId, workflowId: w.workflowId, input: triggerData });
      await workflowRuntime(c.ctx).engine.waitForRun(runId, RUN_WAIT_MS);
      return { workflowId: w.workflowId, ...(await runReport(c.ctx, c.actor.workspaceId, runId)) };
    },
  });
}
