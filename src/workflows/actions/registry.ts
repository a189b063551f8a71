import type { AnyActionDefinition, ActionDefinition } from './types.js';
import type { z } from 'zod';

export interface ActionRegistry {
  register<I extends z.ZodType, O extends z.ZodType>(action: ActionDefinition<I, O>): void;
  get(id: string): AnyActionDefinition | undefined;
  list(): AnyActionDefinition[];
}

/**
 * The actions workflows can call, by id (or a former id, its alias). Registering an id twice is a programming
 * error; `list` names each action once, by its current id.
 */
export function createActionRegistry(initial: AnyActionDefinition[] = []): ActionRegistry {
  const byId = new Map<string, AnyActionDefinition>();
  const registry: ActionRegistry = {
    register(action) {
      for (const id of [action.id, ...(action.aliases ?? [])]) {
        if (byId.has(id)) throw new Error(`action ${id} is registered twice`);
        byId.set(id, action);
      }
    },
    get: (id) => byId.get(id),
    list: () => [...byId.entries()].filter(([id, a]) => id === a.id).map(([, a]) => a).sort((a, b) => a.id.localeCompare(b.id)),
  };
  for (const a of initial) registry.register(a);
  return registry;
}
