import type { AppContext } from '../../platform/index.js';
import { aiServices } from '../assistant.js';
import { workflowDrafter } from '../planner/from-text.js';
import { createAgent, type Agent } from './agent.js';
import { defaultAgentPorts } from './ports.js';
import { registryActions } from './registry-actions.js';

const cache = new WeakMap<object, Agent>();

/** One agent per app context, with the natural-language workflow drafter as its create_workflow tool. */
export function chatAgent(ctx: AppContext): Agent {
  const existing = cache.get(ctx);
  if (existing) return existing;
  defaultAgentPorts(ctx, { actions: registryActions(ctx) });
  const drafter = workflowDrafter(ctx);
  const agent = createAgent(ctx, aiServices(ctx), (request, workspaceId, userId) => drafter.draft({ request, workspaceId, userId, save: true }));
  cache.set(ctx, agent);
  return agent;
}
