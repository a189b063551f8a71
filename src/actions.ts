import { registerAiWorkflowAction } from './ai/index.js';
import { integrationActions, registerWorkflowActions } from './integrations/index.js';
import type { AppContext } from './platform/index.js';
import { actionRegistry, type ActionRegistry } from './workflows/index.js';

/**
 * Every action a workflow step can call, installed in this process's registry: the built-ins (there from
 * the start), the integration actions and `ai.generate`. Both `atom serve` (buildApp) and `atom worker`
 * (startWorker) call this, so a run offers the same actions wherever it executes. Calling it again only
 * rebinds the actions to the latest context (the registry is process-wide).
 *
 * @example
 * const actions = registerProcessActions(ctx);
 * actions.get('ai.generate'); // defined in serve and worker alike
 */
export function registerProcessActions(ctx: AppContext): ActionRegistry {
  registerWorkflowActions(ctx, actionRegistry, integrationActions);
  registerAiWorkflowAction(ctx);
  return actionRegistry;
}
