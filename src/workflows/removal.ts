import { perContext, type AppContext } from '../platform/index.js';

/** What another domain keeps about a workflow that was just deleted. */
export interface RemovedWorkflow {
  workspaceId: string;
  workflowId: string;
}

type RemovalListener = (ctx: AppContext, removed: RemovedWorkflow) => Promise<void>;

// Per context: domains that keep data per workflow (co-editing drafts, comments) register their cleanup
// when their routes are built; the same function registered twice runs once.
const removalListeners = perContext(() => new Set<RemovalListener>());

/**
 * Registers cleanup that runs after a workflow is deleted, so no trace of it stays in other domains.
 * @example onWorkflowRemoved(ctx, async (ctx, { workflowId }) => { await ctx.db.deleteFrom('x').where('workflow_id', '=', workflowId).execute(); });
 */
export function onWorkflowRemoved(ctx: AppContext, listener: RemovalListener): void {
  removalListeners(ctx).add(listener);
}

/** Runs every registered cleanup; one failing is logged and does not stop the others. */
export async function announceWorkflowRemoved(ctx: AppContext, removed: RemovedWorkflow): Promise<void> {
  for (const listener of removalListeners(ctx)) {
    try {
      await listener(ctx, removed);
    } catch (err) {
      ctx.logger.warn({ err, workflowId: removed.workflowId }, 'cleanup after a workflow was deleted failed');
    }
  }
}
