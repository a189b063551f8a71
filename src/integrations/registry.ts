import type { DeclaredService } from './kit/define.js';
import type { Integration } from './kit/integration.js';
import type { AnyIntegrationAction, AnyIntegrationTrigger } from './pieces.js';
import type { ServiceProfile } from './profiles.js';
import { generatedIntegrations } from './registry.generated.js';

/**
 * Every service that works with Atom, one object each (src/integrations/<service>/index.ts). The list is
 * generated from the folders (scripts/gen-integrations.mjs → registry.generated.ts, not committed): a folder
 * whose index.ts has `export const <camelCase folder>Integration = defineIntegration(...)` is a service, so
 * adding one touches only its folder. The catalog's "works with Atom" entries, OAuth provider quirks,
 * connection profiles and settings, the workflow actions and triggers, and the planner's vocabulary all come
 * from it.
 */
export const integrations: readonly Integration[] = generatedIntegrations;

const byId: ReadonlyMap<string, Integration> = new Map(
  integrations.map((i, index): [string, Integration] => {
    if (integrations.findIndex((other) => other.id === i.id) !== index) throw new Error(`integration ${i.id} is listed twice`);
    return [i.id, i];
  }),
);

export const integrationOf = (serviceId: string): Integration | undefined => byId.get(serviceId);
/** How a service is called (error reader, limits, connection check), when it declares it. */
export const serviceProfile = (serviceId: string): ServiceProfile | undefined => byId.get(serviceId)?.profile;
/** The connection settings, label and check of a service declared with kit/define.ts. */
export const declaredService = (serviceId: string): DeclaredService | undefined => byId.get(serviceId)?.connection;

/** Every action and trigger Atom has for outside services. */
export const integrationActions: AnyIntegrationAction[] = integrations.flatMap((i) => i.actions);
export const integrationTriggers: AnyIntegrationTrigger[] = integrations.flatMap((i) => i.triggers);

interface PieceSummary {
  id: string;
  title: string;
  description: string;
}
const summary = (p: PieceSummary): PieceSummary => ({ id: p.id, title: p.title, description: p.description });

export function piecesOf(serviceId: string): { actions: PieceSummary[]; triggers: PieceSummary[] } {
  const i = byId.get(serviceId);
  return { actions: [...(i?.builtins ?? []), ...(i?.actions ?? [])].map(summary), triggers: i?.triggers.map(summary) ?? [] };
}
