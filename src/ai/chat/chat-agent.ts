import { perContext, type AppContext } from '../../platform/index.js';
import { aiServices } from '../assistant.js';
import { workflowDrafter } from '../planner/from-text.js';
import { createAgent, type Agent } from './agent.js';
import type { DraftWorkflow } from './chat-tools.js';
import { agentPorts, defaultAgentPorts } from './ports.js';
import { registryActions } from './registry-actions.js';

/** One agent per app context, with the natural-language workflow drafter as its create_workflow tool. */
export const chatAgent = perContext((ctx: AppContext): Agent => {
  defaultAgentPorts(ctx, { actions: registryActions(ctx) });
  const drafter = workflowDrafter(ctx);
  const draft: DraftWorkflow = async (request, workspaceId, userId, options) => {
    if (!options?.askFirst) return drafter.draft({ request, workspaceId, userId, save: true, source: 'chat' });
    // Questions first: a draft the planner is unsure of is not saved until the person has answered.
    const d = await drafter.draft({ request, workspaceId, userId, save: false });
    if (d.status !== 'draft' || !d.definition) return d;
    const desk = agentPorts(ctx).workflows;
    if (!desk) return { ...d, notes: [...d.notes, 'Not saved: the workflows module is not connected yet.'] };
    return { ...d, workflowId: (await desk.saveDraft({ workspaceId, userId, name: d.name, definition: d.definition, source: 'chat' })).id };
  };
  return createAgent(ctx, aiServices(ctx), draft);
});
