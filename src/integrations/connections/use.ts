import { can, type Actor } from '../../platform/access/index.js';
import type { ConnectionRepository, ConnectionRow } from './connection-repository.js';

/**
 * Whether `actor` may use this connection now, as the access policy decides: their own personal one, or
 * a workspace-shared one with the permission. No actor means Atom itself (a digest, a trigger of a test
 * subscription): it may use only workspace-shared connections, never someone's personal one.
 */
export function mayUseConnection(actor: Actor | undefined, row: ConnectionRow): boolean {
  if (!actor) return row.user_id === null;
  return can(actor, 'use', { kind: 'connection', workspaceId: row.workspace_id, ownerId: row.user_id }).allowed;
}

export type ConnectionChoice =
  | { ok: true; row: ConnectionRow }
  /**
   * `unusable`: the named id is unknown, of another service or workspace, or not one the actor may use;
   * these are one answer so nobody learns whether a colleague's personal connection exists.
   */
  | { ok: false; problem: 'unusable' | 'none' | 'several' };

/**
 * The connection a step, trigger or chat action uses, as `actor`: the one named by id, else the
 * workspace's only shared connection of the service.
 */
export async function chooseConnection(repo: ConnectionRepository, q: { workspaceId: string; service: string; wanted?: string | undefined; actor: Actor | undefined }): Promise<ConnectionChoice> {
  if (q.wanted) {
    const row = await repo.findInWorkspace(q.workspaceId, q.wanted);
    return row && row.service_id === q.service && mayUseConnection(q.actor, row) ? { ok: true, row } : { ok: false, problem: 'unusable' };
  }
  const rows = await repo.listShared(q.workspaceId, q.service);
  if (rows.length === 0) return { ok: false, problem: 'none' };
  if (rows.length > 1) return { ok: false, problem: 'several' };
  const row = rows[0]!;
  return mayUseConnection(q.actor, row) ? { ok: true, row } : { ok: false, problem: 'unusable' };
}

/** Why `actor` cannot use the connection named `id` (an integration trigger's), or undefined when they can. */
export async function connectionUseProblem(repo: ConnectionRepository, workspaceId: string, id: string, actor: Actor | undefined): Promise<string | undefined> {
  const row = await repo.findInWorkspace(workspaceId, id);
  // No service in the wording: it would tell that a hidden connection exists.
  return row && mayUseConnection(actor, row) ? undefined : unusableConnectionMessage(undefined, id);
}

/** The one wording for a named connection that cannot be used, whatever the reason (see ConnectionChoice). */
export const unusableConnectionMessage = (service: string | undefined, id: string | undefined) =>
  id
    ? `The ${service ? `${service} ` : ''}connection ${id} does not exist in this workspace, or is not one that whoever this acts for may use (their own, or one shared with the workspace).`
    : `The workspace's ${service} connection is not one that whoever this acts for may use (it needs the connections:read permission).`;
