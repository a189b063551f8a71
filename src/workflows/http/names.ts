import { userRepository } from '../../auth/index.js';
import { can, type Actor } from '../../platform/access/index.js';
import type { AppContext } from '../../platform/index.js';
import { createWorkflowStore } from '../repositories/workflow-repository.js';

/**
 * Names of workflows for lists that show ids (runs): read with the caller's rights, only in the caller's
 * workspace; a workflow they may not read, or one deleted since, has no name (null).
 */
export async function workflowNames(ctx: AppContext, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0 || !can(actor, 'read', { kind: 'workflow', workspaceId: actor.workspaceId }).allowed) return new Map();
  return createWorkflowStore(ctx.db).namesByIds(actor.workspaceId, ids);
}

/**
 * Display names of people (version authors, creators) who are members of the caller's workspace; anyone
 * else (a former member) has no name here, so another workspace's people are never named.
 */
export async function memberNames(ctx: AppContext, actor: Actor, ids: readonly string[]): Promise<Map<string, string>> {
  return userRepository(ctx.db).memberNames(actor.workspaceId, ids);
}
