import type { ServiceEntryInput } from '../catalog/schema.js';
import type { ProviderQuirks } from '../oauth/quirks.js';
import type { AnyIntegrationAction, AnyIntegrationTrigger } from '../pieces.js';
import type { ServiceProfile } from '../profiles.js';
import type { DeclaredService } from './define.js';
import type { ServiceVocabulary } from './phrasing.js';

/**
 * One service that works with Atom, whole: its catalog entry, how it is called (profile) or connected
 * (declared settings), its OAuth quirks, its actions and triggers, and the offline planner's phrasing of them.
 * src/integrations/registry.ts lists these objects (generated from the folders: scripts/gen-integrations.mjs); the
 * catalog, the OAuth engine, the connection checks, the workflow engine and the planner all read that list, so
 * adding a service is its folder alone.
 */
export interface Integration {
  /** The catalog id, as every action's `service`. */
  id: string;
  /** Its "works with Atom" catalog entry (catalog-only services stay in src/integrations/catalog/data). */
  catalog: ServiceEntryInput;
  /** How a REST service reports errors, how hard it may be pushed, and its connection check. */
  profile: ServiceProfile | undefined;
  /** A service declared with kit/define.ts: its connection settings, label and check. */
  connection: DeclaredService | undefined;
  /** How the service's OAuth provider departs from plain OAuth 2 (several services may share one). */
  oauth: ProviderQuirks | undefined;
  actions: readonly AnyIntegrationAction[];
  triggers: readonly AnyIntegrationTrigger[];
  /** Atom's own workflow actions the service's catalog page stands for (the HTTP request step). */
  builtins: readonly BuiltinSummary[];
  vocabulary: ServiceVocabulary;
}

/** What the catalog shows of a built-in action (src/workflows/actions/builtin), which the engine registers itself. */
export interface BuiltinSummary {
  id: string;
  title: string;
  description: string;
}

export interface IntegrationSpec {
  catalog: ServiceEntryInput;
  /** The service built with the kit (defineRestService / defineService): its profile or connection settings. */
  kit?: { profile?: ServiceProfile; connection?: DeclaredService };
  /** A hand-written service's profile (when it is not built with the kit). */
  profile?: ServiceProfile;
  oauth?: ProviderQuirks;
  actions?: readonly AnyIntegrationAction[];
  triggers?: readonly AnyIntegrationTrigger[];
  builtins?: readonly BuiltinSummary[];
  vocabulary?: Partial<ServiceVocabulary>;
}

/** Builds a service's one object; a piece, profile or connection of another service is a programming error. */
export function defineIntegration(spec: IntegrationSpec): Integration {
  const id = spec.catalog.id;
  const profile = spec.profile ?? spec.kit?.profile;
  const connection = spec.kit?.connection;
  const actions = spec.actions ?? [];
  const triggers = spec.triggers ?? [];
  for (const p of [...actions, ...triggers]) if (p.service !== id) throw new Error(`integration ${id}: ${p.id} belongs to ${p.service}`);
  if (profile && profile.serviceId !== id) throw new Error(`integration ${id}: its profile is ${profile.serviceId}'s`);
  const provider = spec.catalog.auth.kind === 'oauth2' ? spec.catalog.auth.provider : undefined;
  if (spec.oauth && spec.oauth.id !== provider) throw new Error(`integration ${id}: its OAuth quirks are ${spec.oauth.id}'s, its catalog entry names ${provider ?? 'no provider'}`);
  if (connection && connection.id !== id) throw new Error(`integration ${id}: its connection settings are ${connection.id}'s`);
  return { id, catalog: spec.catalog, profile, connection, oauth: spec.oauth, actions, triggers, builtins: spec.builtins ?? [], vocabulary: { triggers: spec.vocabulary?.triggers ?? [], actions: spec.vocabulary?.actions ?? [] } };
}
