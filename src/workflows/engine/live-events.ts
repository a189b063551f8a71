import type { AppContext } from '../../platform/index.js';
import { publish } from '../../realtime/index.js';
import type { RunRow } from '../repositories/run-repository.js';

/**
 * Run events for live views (runs list, run detail, toasts): readable by whoever may read workflows.
 * Fire-and-forget: publishing never fails a run, and commands leave in call order, so ids follow it.
 */
export function runLiveEvents(ctx: AppContext) {
  const names = new Map<string, string>();
  async function nameOf(workspaceId: string, workflowId: string): Promise<string | undefined> {
    let name = names.get(workflowId);
    if (name === undefined) {
      name = (await ctx.db.selectFrom('workflows').select('name').where('workspace_id', '=', workspaceId).where('id', '=', workflowId).executeTakeFirst())?.name;
      if (name === undefined) return undefined;
      if (names.size > 1000) names.clear();
      names.set(workflowId, name);
    }
    return name;
  }
  const send = (run: Pick<RunRow, 'id' | 'workspace_id'>, type: string, data: Record<string, unknown>) =>
    void publish(ctx, { workspaceId: run.workspace_id, type, resource: { kind: 'run', id: run.id }, permission: 'workflows:read', data: { runId: run.id, ...data } });

  return {
    started(run: Pick<RunRow, 'id' | 'workspace_id' | 'workflow_id' | 'version' | 'trigger_type'>) {
      send(run, 'run.started', { workflowId: run.workflow_id, version: run.version, triggerType: run.trigger_type });
    },
    stepFinished(run: Pick<RunRow, 'id' | 'workspace_id' | 'workflow_id'>, step: { stepKey: string; stepId: string; stepType: string; status: string; attempt: number; durationMs: number | null }) {
      send(run, 'run.step_finished', { workflowId: run.workflow_id, ...step });
    },
    finished(run: Pick<RunRow, 'id' | 'workspace_id' | 'workflow_id' | 'trigger_type'>, status: 'succeeded' | 'failed' | 'cancelled', error?: unknown) {
      const e = error && typeof error === 'object' ? (error as { code?: unknown; message?: unknown }) : undefined;
      // The name is looked up first so toasts can say which workflow; the event still goes out without it.
      void nameOf(run.workspace_id, run.workflow_id)
        .catch(() => undefined)
        .then((workflowName) =>
          send(run, 'run.finished', {
            workflowId: run.workflow_id,
            workflowName: workflowName ?? null,
            triggerType: run.trigger_type,
            status,
            ...(e ? { error: { code: typeof e.code === 'string' ? e.code : 'unknown', message: typeof e.message === 'string' ? e.message.slice(0, 300) : '' } } : {}),
          }),
        );
    },
  };
}
