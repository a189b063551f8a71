import type { AtomModule } from '../platform/index.js';
import { registerRetentionClass } from '../retention/index.js';
import { workflowRunsRetentionClass } from './retention.js';
import { workflowsRoutes } from './routes.js';
import { workflowRuntime } from './runtime.js';

/**
 * The workflow domain: definitions, the durable engine, versions, templates and the API.
 * Other domains register actions on a context: `actionRegistry(ctx).register(defineAction({...}))`.
 */
export {
  actionRegistry,
  createActionRegistry,
  defineAction,
  ActionError,
  nonRetryable,
  retryable,
  builtinActions,
  type ActionContext,
  type ActionDefinition,
  type ActionRegistry,
  type AnyActionDefinition,
} from './actions/index.js';
export { workflowDefinitionSchema, workflowJsonSchema, stepSchema, triggerSchema, type Step, type Trigger, type WorkflowDefinition, type WorkflowDefinitionInput } from './definition/schema.js';
export { validateDefinition, assertValid, type ValidationIssue } from './definition/validate.js';
export { workflowRuntime, type WorkflowRuntime } from './runtime.js';
export type { IntegrationEvent, MemoryEvent, TriggerSubscription } from './engine/events.js';
export { workflowsRoutes } from './routes.js';
export { workflowTemplates, type WorkflowTemplate } from './templates/index.js';
export { exampleParams, setKnownIntegrationTriggers } from './http/template-routes.js';
export { diffDefinitions, type DefinitionDiff } from './versions/diff.js';
export { workflowDesk, type WorkflowDesk } from './desk.js';
// For the domains that show workflows by name (comments): the workflows table's repository.
export { createWorkflowStore, type WorkflowStore, type WorkflowRecord } from './repositories/workflow-repository.js';
export { workflowRunsRetentionClass } from './retention.js';
export { codeSteps, codeSettingsFrom, createCodeSteps, type CodeSteps } from './code/index.js';

/** The workflow domain as src/app.ts and src/worker.ts install it (nothing registers on import). */
export const workflowsModule: AtomModule = {
  name: 'workflows',
  // Run history is a retention data class (workspaces set how long runs are kept).
  install: (ctx) => registerRetentionClass(ctx, workflowRunsRetentionClass),
  // Executes runs, fires schedules, reaps and prunes in the process that runs jobs.
  startWorkers: (ctx) => workflowRuntime(ctx).startWorkers(),
};

/**
 * The workflow API (/api/workflows, /runs, /hooks, /templates) as its own entry of src/modules.ts: it is
 * registered after memory's routes (the runtime it creates then drains before memory's background work
 * on shutdown), while `workflowsModule` installs and starts its workers before memory's.
 */
export const workflowsApiModule: AtomModule = {
  name: 'workflows-api',
  routes: (ctx) => [{ plugin: workflowsRoutes(ctx), prefix: '/api' }],
};
export { onWorkflowRemoved, type RemovedWorkflow } from './removal.js';
