import type { RecommendationRule } from './types.js';
import { serviceName, servicesIn, templateServices } from './services.js';

const activity: Record<string, string> = { slack: 'posting to it', gmail: 'sending from it', outlook: 'sending from it', notion: 'writing to it' };

/**
 * Templates that only need services you have connected, for each connected service that no workflow of
 * the workspace uses yet ("because you connected Slack and have no workflow posting to it").
 */
export const templatesForConnectedServices: RecommendationRule = async (ctx, caller) => {
  if (!caller.permissions.has('workflows:write')) return [];
  const connections = await ctx.db
    .selectFrom('integration_connections')
    .select(['service_id', 'created_at'])
    .where('workspace_id', '=', caller.workspaceId)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', caller.userId)]))
    .where('status', '!=', 'revoked')
    .orderBy('created_at', 'desc')
    .execute();
  const connected = [...new Set(connections.map((c) => c.service_id))];
  if (connected.length === 0) return [];
  const definitions = await ctx.db
    .selectFrom('workflows as w')
    .innerJoin('workflow_versions as v', (j) => j.onRef('v.workflow_id', '=', 'w.id').onRef('v.version', '=', 'w.latest_version'))
    .select('v.definition')
    .where('w.workspace_id', '=', caller.workspaceId)
    .limit(5000)
    .execute();
  const automated = new Set<string>();
  for (const d of definitions) for (const s of servicesIn(JSON.parse(d.definition))) automated.add(s);
  const have = new Set(connected);
  const out = [];
  const seen = new Set<string>();
  // Newest connection first: what you connected last is what you are most likely to automate next.
  for (const service of connected) {
    if (automated.has(service)) continue;
    const fits = templateServices().filter((t) => t.services.has(service) && [...t.services].every((s) => have.has(s)) && !seen.has(t.id));
    for (const t of fits.slice(0, 2)) {
      seen.add(t.id);
      out.push({
        key: `template:${t.id}`,
        kind: 'template' as const,
        title: t.name,
        reason: `Because you connected ${serviceName(service)} and have no workflow ${activity[service] ?? 'using it'} yet.`,
        action: { label: 'Start from this template', href: `/workflows#template-${t.id}` },
      });
    }
  }
  return out;
};
