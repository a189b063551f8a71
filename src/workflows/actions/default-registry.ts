import { perContext } from '../../platform/index.js';
import { builtinActions } from './builtin/index.js';
import { createActionRegistry } from './registry.js';

/**
 * The registry of one app context. Built-ins are in it from the start; other domains add theirs when
 * their module is installed on the context (`actionRegistry(ctx).register(slackPostMessage)`), before
 * workers run, and their actions close over that context.
 */
export const actionRegistry = perContext(() => createActionRegistry(builtinActions));
