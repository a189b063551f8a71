import { builtinActions } from './builtin/index.js';
import { createActionRegistry } from './registry.js';

/**
 * The registry the running app uses. Built-ins are in it from the start; other domains add theirs at
 * start-up (`actionRegistry.register(slackPostMessage)`), before workers run.
 */
export const actionRegistry = createActionRegistry(builtinActions);
