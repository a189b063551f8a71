import { connectionRepository } from '../../integrations/connections/connection-repository.js';
import { chooseConnection } from '../../integrations/connections/use.js';
import { mcpCallDestination } from '../../mcp/index.js';
import { actionRegistry, ActionError, codeSteps, type ActionContext } from '../../workflows/index.js';
import { AppError, type AppContext } from '../../platform/index.js';
import { createGuardedFetch } from '../../platform/outbound/index.js';
import { destinationOf } from './action-target.js';
import type { ActionCatalog } from './ports.js';

/**
 * Workflow-internal actions the agent does not offer: documents are searched with search_documents (which
 * asks for memory:read), and the model itself is the agent's `ai.generate`.
 */
const notForChat = /^(test|memory|ai)\./;

/**
 * The agent's service actions: the same registry workflows use (integration pieces register there with
 * their connection handling), run once outside a workflow run, as the person chatting. The run id names
 * the chat tool call, so services that dedupe writes see one key per confirmed call.
 */
export function registryActions(ctx: AppContext, timeoutMs = 60_000): ActionCatalog {
  const registry = actionRegistry(ctx);
  return {
    list: async () =>
      registry
        .list()
        .filter((a) => !notForChat.test(a.id))
        .map((a) => ({ id: a.id, title: a.title, description: a.description, aiDescription: a.aiDescription, sideEffect: a.sideEffect, input: a.input, aliases: a.aliases })),
    async run({ workspaceId, userId, actor, actionId, input }) {
      const action = notForChat.test(actionId) ? undefined : registry.get(actionId);
      if (!action) throw new AppError('ai.action.unknown', `There is no action ${actionId}.`, { status: 404 });
      const callId = `chat-${Date.now().toString(36)}`;
      const actx: ActionContext = {
        workspaceId,
        actor,
        runId: callId,
        stepId: actionId,
        idempotencyKey: `${callId}:${actionId}`,
        attempt: 1,
        signal: AbortSignal.timeout(timeoutMs),
        logger: ctx.logger.child({ actionId, via: 'chat', userId }),
        dryRun: false,
        secret: async () => undefined,
        log: () => undefined,
        // The HTTP action reaches what the admin allow-listed (ATOM_SSRF_ALLOW), as in a workflow run.
        fetch: createGuardedFetch({ allow: ctx.config.ATOM_SSRF_ALLOW }),
        // A code step runs in this context's sandbox, under its limits.
        runCode: codeSteps(ctx).run,
      };
      try {
        return await action.run(actx, action.input.parse(input));
      } catch (err) {
        // Action errors are written for people (no secrets): the model may relay them.
        if (err instanceof ActionError) throw new AppError(err.code, err.message, { status: err.retryable ? 503 : 422, cause: err });
        throw err;
      }
    },
    async destination({ workspaceId, actor, actionId, input }) {
      // An external MCP tool: the server's URL and the full arguments, from the registration.
      if (actionId === 'mcp.call_tool') return mcpCallDestination(ctx, workspaceId, input);
      const lines = destinationOf(input);
      const service = registry.get(actionId)?.connection;
      if (!service) return lines;
      const wanted = typeof (input as Record<string, unknown> | null)?.['connectionId'] === 'string' ? String((input as Record<string, unknown>)['connectionId']) : undefined;
      const choice = await chooseConnection(connectionRepository(ctx.db), { workspaceId, service, wanted, actor });
      // A connection the person may not use is named only by the id the model gave (it will be refused).
      const value = choice.ok
        ? `${choice.row.label} (${service}, ${choice.row.user_id === null ? 'shared with the workspace' : 'your personal connection'})${choice.row.account_label ? `, account ${choice.row.account_label}` : ''}`
        : choice.problem === 'unusable'
          ? `${wanted ?? service}: not a connection you may use; the action will be refused`
          : `no ${service} connection chosen; the action will be refused`;
      return [...lines, { label: 'Connection', value }];
    },
  };
}
