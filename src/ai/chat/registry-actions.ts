import { actionRegistry, type ActionContext } from '../../workflows/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import type { ActionCatalog } from './ports.js';

/**
 * The agent's service actions: the same registry workflows use (integration pieces register there with
 * their connection handling), run once outside a workflow run. The run id names the chat tool call, so
 * services that dedupe writes see one key per confirmed call.
 */
export function registryActions(ctx: AppContext, timeoutMs = 60_000): ActionCatalog {
  return {
    list: async () =>
      actionRegistry
        .list()
        .filter((a) => !a.id.startsWith('test.'))
        .map((a) => ({ id: a.id, title: a.title, description: a.description, aiDescription: a.aiDescription, sideEffect: a.sideEffect, input: a.input })),
    async run({ workspaceId, userId, actionId, input }) {
      const action = actionRegistry.get(actionId);
      if (!action) throw new AppError('ai.action.unknown', `There is no action ${actionId}.`, { status: 404 });
      const callId = `chat-${Date.now().toString(36)}`;
      const actx: ActionContext = {
        workspaceId,
        runId: callId,
        stepId: actionId,
        idempotencyKey: `${callId}:${actionId}`,
        attempt: 1,
        signal: AbortSignal.timeout(timeoutMs),
        logger: ctx.logger.child({ actionId, via: 'chat', userId }),
        dryRun: false,
        secret: async () => undefined,
        log: () => undefined,
      };
      return action.run(actx, action.input.parse(input));
    },
  };
}
