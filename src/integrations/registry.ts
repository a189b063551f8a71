import type { PieceSummary } from './catalog/routes.js';
import type { AnyIntegrationAction, AnyIntegrationTrigger } from './pieces.js';

/** Every action and trigger Atom has for outside services, listed by each service's index.ts. */
export const integrationActions: AnyIntegrationAction[] = [];
export const integrationTriggers: AnyIntegrationTrigger[] = [];

const summary = (p: { id: string; title: string; description: string }): PieceSummary => ({ id: p.id, title: p.title, description: p.description });

export function piecesOf(serviceId: string): { actions: PieceSummary[]; triggers: PieceSummary[] } {
  return {
    actions: integrationActions.filter((a) => a.service === serviceId).map(summary),
    triggers: integrationTriggers.filter((t) => t.service === serviceId).map(summary),
  };
}
