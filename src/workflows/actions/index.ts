export { createActionRegistry, type ActionRegistry } from './registry.js';
export { actionRegistry } from './default-registry.js';
export { ActionError, defineAction, nonRetryable, retryable, type ActionContext, type ActionDefinition, type ActionMeta, type AnyActionDefinition } from './types.js';
export { builtinActions, httpRequestAction, logAction, transformAction, parseRetryAfter } from './builtin/index.js';
