import type { AnyActionDefinition, ActionDefinition } from './types.js';
import type { z } from 'zod';

export interface ActionRegistry {
  register<I extends z.ZodType, O extends z.ZodType>(action: ActionDefinition<I, O>): void;
  get(id: string): AnyActionDefinition | undefined;
  list(): AnyActionDefinition[];
}

/** The actions workflows can call, by id. Registering an id twice is a programming error. */
export function createActionRegistry(initial: AnyActionDefinition[] = []): ActionRegistry {
  const byId = new Map<string, AnyActionDefinition>();
  const registry: ActionRegistry = {
    register(action) {
      if (byId.has(action.id)) throw new Error(`action ${action.id} is registered twice`);
      byId.set(action.id, action as unknown as AnyActionDefinition);
    },
    get: (id) => byId.get(id),
    list: () => [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
  for (const a of initial) registry.register(a);
  return registry;
}
