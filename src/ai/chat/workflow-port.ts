import type { AppContext } from '../../platform/index.js';
import { defaultAgentPorts, type WorkflowDesk } from './ports.js';

/** Gives the chat agent's workflow tools (list, draft, run, status, explain a failure) the real workflows. */
export function workflowsForChat(ctx: AppContext, desk: WorkflowDesk): void {
  defaultAgentPorts(ctx, { workflows: desk });
}
