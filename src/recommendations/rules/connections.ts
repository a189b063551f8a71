import type { RecommendationRule } from './types.js';
import { serviceName } from './services.js';

const advice: Record<string, string> = {
  expired: 'its sign-in expired',
  revoked: 'access was revoked at the service',
  degraded: 'its recent calls keep failing',
  error: 'it reported an error',
};

/** Connections you can see (shared, or your own) that are not healthy. */
export const connectionsNeedingAttention: RecommendationRule = async (ctx, caller) => {
  if (!caller.permissions.has('connections:read')) return [];
  const rows = await ctx.db
    .selectFrom('integration_connections')
    .select(['id', 'label', 'service_id', 'status'])
    .where('workspace_id', '=', caller.workspaceId)
    .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', caller.userId)]))
    .where('status', 'in', Object.keys(advice))
    .orderBy('updated_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((c) => ({
    key: `connection:${c.id}:${c.status}`,
    kind: 'connection' as const,
    title: `Reconnect ${serviceName(c.service_id)} (“${c.label}”)`,
    reason: `Because ${advice[c.status] ?? 'it is not healthy'}, and workflows using it will fail until it is fixed.`,
    action: { label: 'Open connection', href: `/integrations/connections/${c.id}` },
  }));
};
