import { integrationActions, integrationTriggers } from '../../integrations/index.js';
import { builtinActions } from '../../workflows/index.js';

/** The trigger and action ids a draft may use: what Atom really has, not what the vocabulary can name. */
export interface PlannerCapabilities {
  actions: ReadonlySet<string>;
  triggers: ReadonlySet<string>;
}

/**
 * Read from the static lists: the integration pieces (src/integrations/registry.ts), the engine's built-in
 * actions (core.*) and the actions behind step types (`ai` steps run ai.generate); a caller with a context
 * adds its registry's installed actions through `extra.actions`. The static lists count even before a
 * context registers them, so a pure call of the planner (tests, the chat router) judges the same as the server.
 */
export function registryCapabilities(extra?: { actions?: Iterable<string> | undefined; triggers?: Iterable<string> | undefined }): PlannerCapabilities {
  return {
    actions: new Set([...integrationActions.map((a) => a.id), ...builtinActions.map((a) => a.id), 'ai.generate', ...(extra?.actions ?? [])]),
    triggers: new Set([...integrationTriggers.map((t) => t.id), ...(extra?.triggers ?? [])]),
  };
}
