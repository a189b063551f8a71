import { registerAiWorkflowAction } from './ai/index.js';
import { integrationActions, registerWorkflowActions } from './integrations/index.js';
import { registerMcpWorkflowAction } from './mcp/index.js';
import { registerMemoryWorkflowAction, type Memory } from './memory/index.js';
import type { AppContext, AtomModule } from './platform/index.js';
import { actionRegistry, type ActionRegistry } from './workflows/index.js';

/**
 * Every action a workflow step can call, installed in the context's registry: the built-ins (there from
 * the start), the integration actions, `ai.generate` and `memory.search` (over the process's one Memory,
 * passed in so the process keeps a single LanceDB connection). Both `atom serve` (buildApp) and `atom worker`
 * (startWorker) call this, so a run offers the same actions wherever it executes. Calling it again for the
 * same context changes nothing (each id is registered once per context).
 *
 * @example
 * const actions = registerProcessActions(ctx, { memory: await createMemory(ctx) });
 * actions.get('ai.generate'); // defined in serve and worker alike
 */
export function registerProcessActions(ctx: AppContext, deps: { memory: Memory }): ActionRegistry {
  const registry = actionRegistry(ctx);
  registerWorkflowActions(ctx, registry, integrationActions);
  registerAiWorkflowAction(ctx);
  registerMemoryWorkflowAction(ctx, deps.memory);
  registerMcpWorkflowAction(ctx);
  return registry;
}

/** The process's workflow actions as a module (src/modules.ts): `install` is registerProcessActions. */
export const actionsModule: AtomModule<{ memory: Memory }> = {
  name: 'actions',
  install: (ctx, deps) => void registerProcessActions(ctx, deps),
};
