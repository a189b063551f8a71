import { integrationActions, integrationTriggers } from '../../integrations/index.js';
import { actionRegistry } from '../../workflows/index.js';

/** The trigger and action ids a draft may use: what Atom really has, not what the vocabulary can name. */
export interface PlannerCapabilities {
  actions: ReadonlySet<string>;
  triggers: ReadonlySet<string>;
}

/**
 * Read from the registries: the integration pieces (src/integrations/registry.ts), the engine's installed
 * actions (core.* and whatever the process registered) and the actions behind step types (`ai` steps run
 * ai.generate). The static piece lists count even before a process registers them, so a pure call of the
 * planner (tests, the chat router) judges the same as the server.
 */
export function registryCapabilities(extra?: { actions?: Iterable<string> | undefined; triggers?: Iterable<string> | undefined }): PlannerCapabilities {
  return {
    actions: new Set([...integrationActions.map((a) => a.id), ...actionRegistry.list().map((a) => a.id), 'ai.generate', ...(extra?.actions ?? [])]),
    triggers: new Set([...integrationTriggers.map((t) => t.id), ...(extra?.triggers ?? [])]),
  };
}
