import { can, type Actor } from '../../platform/access/index.js';
import type { AppContext } from '../../platform/index.js';
import '../tables.js';

/**
 * Names of workflows for lists that show ids (runs): read with the caller's rights, only in the caller's
 * workspace; a workflow they may not read, or one deleted since, has no name (null).
 */
export async function workflowNames(ctx: AppContext, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0 || !can(actor, 'read', { kind: 'workflow', workspaceId: actor.workspaceId }).allowed) return new Map();
  const rows = await ctx.db.selectFrom('workflows').select(['id', 'name']).where('workspace_id', '=', actor.workspaceId).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Display names of people (version authors, creators) who are members of the caller's workspace; anyone
 * else (a former member) has no name here, so another workspace's people are never named.
 */
export async function memberNames(ctx: AppContext, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('auth_users as u')
    .innerJoin('auth_memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('m.workspace_id', '=', actor.workspaceId)
    .where('u.id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name || r.email]));
}
