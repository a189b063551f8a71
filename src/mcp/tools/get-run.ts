import { z } from 'zod';
import { isAppError, parseJsonColumn } from '../../platform/index.js';
import { AppError } from '../../platform/index.js';
import { workflowDesk, workflowRuntime } from '../../workflows/index.js';
import { defineTool } from '../tool.js';
import { readsRuns } from './common.js';

/** GET /api/runs/:id: a run's status, its steps and, once finished, its output or error. */
export const getRunTool = defineTool({
  name: 'get_run',
  title: "Get a run's status and output",
  description: "Returns a workflow run's status (queued, running, waiting, succeeded, failed, cancelled), each step's status, and the run's output or error once it has finished.",
  input: z.object({ runId: z.string().min(1).max(100) }),
  route: 'GET /api/runs/:id',
  readOnly: true,
  allowed: readsRuns,
  async run(input, c) {
    return runReport(c.ctx, c.actor.workspaceId, input.runId);
  },
});

/** The run as a tool reports it; 404 when it is not the workspace's. */
export async function runReport(ctx: Parameters<typeof workflowDesk>[0], workspaceId: string, runId: string): Promise<Record<string, unknown>> {
  const status = await workflowDesk(ctx).runStatus({ workspaceId, runId });
  if (!status) throw new AppError('workflows.run_not_found', 'The run was not found.', { status: 404 });
  const row = await workflowRuntime(ctx)
    .engine.runs.getScoped(workspaceId, runId)
    .catch((e: unknown) => {
      if (isAppError(e) && e.status === 404) return undefined;
      throw e;
    });
  const output = row?.output === null || row?.output === undefined ? undefined : parseJsonColumn(z.unknown(), row.output, { column: 'workflow_runs.output' });
  return { ...status, ...(output !== undefined ? { output } : {}) };
}
