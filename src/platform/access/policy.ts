import { AppError } from '../errors/index.js';
import type { Permission } from './permissions.js';

/**
 * Who is acting. `role` is the member's role in `workspaceId` now (never a token's recorded role);
 * `permissions` is what they may do now: the role's permissions, narrowed by the token's scope when the
 * request came with a token. `scopeRole` is that token's role, so owner-only acts need both an owner and
 * an owner-scoped credential. A workflow run acts as its version's author; a chat tool or MCP tool as the
 * person talking to it.
 */
export interface Actor {
  userId: string;
  workspaceId: string;
  role: string;
  permissions: ReadonlySet<string>;
  via: 'session' | 'token' | 'system' | 'run' | 'chat' | 'mcp';
  scopeRole?: string | undefined;
}

/** Every kind of resource the policy decides on, with the facts a rule needs about it. */
export type Resource =
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'workflow'; workspaceId: string; ownerId?: string | null }
  | { kind: 'run'; workspaceId: string; workflowId?: string; approverIds?: readonly string[] }
  /** `ownerId` null: shared with the workspace; else the one member whose personal connection it is. */
  | { kind: 'connection'; workspaceId: string; ownerId: string | null }
  | { kind: 'secret'; workspaceId: string }
  /** A memory document: private to `ownerId`, or readable by the workspace. */
  | { kind: 'document'; workspaceId: string; ownerId: string | null; visibility: 'private' | 'workspace' }
  | { kind: 'source'; workspaceId: string; ownerId: string }
  | { kind: 'role'; workspaceId: string; permissions: readonly string[] }
  | { kind: 'token'; workspaceId: string; ownerId: string }
  | { kind: 'invitation'; workspaceId: string; createdBy: string }
  /** A member of the workspace, as the target of a role change or removal. */
  | { kind: 'member'; workspaceId: string; userId: string; role: string; permissions: readonly string[] }
  | { kind: 'comment'; workspaceId: string; authorId: string }
  | { kind: 'collab_doc'; workspaceId: string }
  /** A chat conversation: private to the member who started it, whatever their role. */
  | { kind: 'conversation'; workspaceId: string; ownerId: string }
  | { kind: 'audit'; workspaceId: string }
  | { kind: 'settings'; workspaceId: string };

export type ResourceKind = Resource['kind'];

/** The actions each kind of resource knows. */
export interface ActionsOf {
  workspace: 'read' | 'manage';
  workflow: 'read' | 'write' | 'run' | 'delete';
  run: 'read' | 'run' | 'cancel' | 'approve';
  connection: 'read' | 'use' | 'manage';
  secret: 'list' | 'manage' | 'use';
  document: 'read' | 'write' | 'delete';
  source: 'read' | 'manage' | 'sync';
  role: 'grant' | 'manage';
  token: 'read' | 'revoke';
  invitation: 'create' | 'revoke';
  member: 'read' | 'change_role' | 'remove';
  comment: 'write' | 'edit' | 'delete';
  collab_doc: 'read' | 'edit';
  conversation: 'read' | 'write' | 'delete';
  audit: 'read';
  settings: 'manage';
}

export type ActionOf<K extends ResourceKind> = ActionsOf[K];

export type Decision =
  | { allowed: true }
  /** `hide`: answer as if the resource did not exist (another workspace, someone's private thing). */
  | { allowed: false; code: string; reason: string; hide: boolean };

const allow: Decision = { allowed: true };
const deny = (code: string, reason: string, hide = false): Decision => ({ allowed: false, code, reason, hide });
/** The words for a caller whose role lacks a permission (routes and resource rules say it alike). */
export const permissionMissing = (actor: Pick<Actor, 'role'>, permission: string): string => `Your role (${actor.role}) does not allow ${permission}.`;
const needs = (actor: Actor, permission: Permission): Decision => (actor.permissions.has(permission) ? allow : deny('access.permission_missing', permissionMissing(actor, permission)));
const all = (...ds: Decision[]): Decision => ds.find((d) => !d.allowed) ?? allow;

/** Owner-only acts: the member is an owner now, and the credential they used was not narrowed below owner. */
export const actsAsOwner = (actor: Actor): boolean => actor.role === 'owner' && (actor.scopeRole ?? 'owner') === 'owner';
const isAdmin = (actor: Actor): boolean => (actor.role === 'owner' || actor.role === 'admin') && actor.permissions.has('members:manage');

/**
 * The permissions an actor may hand on (to a role, an invitation, a member or a token): only those it
 * holds itself now. Kubernetes RBAC's escalation rule, in one place.
 */
export function mayDelegate(actor: Actor, permissions: Iterable<string>): Decision {
  const missing = [...permissions].filter((p) => !actor.permissions.has(p));
  return missing.length === 0 ? allow : deny('access.delegation_exceeds_holder', `You cannot hand on permissions you do not hold yourself: ${missing.join(', ')}.`);
}

type Rule<K extends ResourceKind> = (actor: Actor, action: ActionOf<K>, resource: Extract<Resource, { kind: K }>) => Decision;

const rules: { [K in ResourceKind]: Rule<K> } = {
  workspace: (a, action) => (action === 'read' ? allow : needs(a, 'settings:manage')),
  workflow: (a, action) => needs(a, action === 'read' ? 'workflows:read' : action === 'run' ? 'workflows:run' : 'workflows:write'),
  run: (a, action, r) => {
    if (action === 'read') return needs(a, 'workflows:read');
    // A named approver may decide without the run permission; anyone else needs it.
    if (action === 'approve' && r.approverIds?.length) {
      return r.approverIds.includes(a.userId) ? allow : deny('access.not_an_approver', 'Only the approvers this step names may decide it.');
    }
    return needs(a, 'workflows:run');
  },
  connection: (a, action, r) => {
    const personal = r.ownerId !== null;
    const own = r.ownerId === a.userId;
    // Someone else's personal connection is invisible, not merely forbidden.
    if (personal && !own) return deny('access.connection_not_yours', "That connection is another member's personal connection.", true);
    if (action === 'read') return needs(a, 'connections:read');
    if (action === 'use') return own ? allow : needs(a, 'connections:read');
    return needs(a, 'connections:manage');
  },
  secret: (a, action) => needs(a, action === 'list' ? 'workflows:read' : 'workflows:write'),
  document: (a, action, r) => {
    const own = r.ownerId !== null && r.ownerId === a.userId;
    if (r.visibility === 'private' && !own) return deny('access.document_private', 'That document is private to another member.', true);
    if (action === 'read') return needs(a, 'memory:read');
    if (own) return needs(a, 'memory:write');
    // A workspace-wide document someone else added: its owner, or an admin, may change or delete it.
    return all(needs(a, 'memory:write'), isAdmin(a) ? allow : deny('access.document_not_yours', 'Only whoever added this document, or an admin, may change it.'));
  },
  source: (a, action, r) => {
    const own = r.ownerId === a.userId;
    if (action === 'read') return needs(a, 'memory:read');
    if (own) return needs(a, 'memory:write');
    return all(needs(a, 'memory:write'), isAdmin(a) ? allow : deny('access.source_not_yours', 'Only whoever added this source, or an admin, may change it.'));
  },
  role: (a, action, r) => all(needs(a, 'members:manage'), action === 'grant' || action === 'manage' ? mayDelegate(a, r.permissions) : allow),
  token: (a, _action, r) => (r.ownerId === a.userId ? allow : deny('access.token_not_yours', 'That API token was not found.', true)),
  invitation: (a, action, r) => (action === 'revoke' && r.createdBy === a.userId ? allow : needs(a, 'members:manage')),
  member: (a, action, r) => {
    if (action === 'read') return allow;
    const base = needs(a, 'members:manage');
    if (!base.allowed) return base;
    if (r.role === 'owner' && !actsAsOwner(a)) return deny('members.owner_only', 'Only an owner can make someone an owner or change an owner.');
    // Nobody changes or removes a member who holds more than they do.
    const above = mayDelegate(a, r.permissions);
    return above.allowed ? allow : deny('access.target_outranks_actor', 'That member holds permissions you do not; ask someone who holds them all.');
  },
  // Words stay their author's: only the author edits; an admin may remove (moderate) a colleague's comment.
  comment: (a, action, r) =>
    action === 'write' || r.authorId === a.userId
      ? needs(a, 'comments:write')
      : action === 'delete' && isAdmin(a)
        ? allow
        : deny('access.comment_not_yours', action === 'edit' ? 'Only its author may edit a comment.' : 'Only its author or an admin may delete a comment.'),
  collab_doc: (a, action) => needs(a, action === 'read' ? 'workflows:read' : 'workflows:write'),
  conversation: (a, _action, r) => (r.ownerId === a.userId ? needs(a, 'ai:use') : deny('access.conversation_not_yours', 'That conversation was not found.', true)),
  audit: (a) => needs(a, 'audit:read'),
  settings: (a) => needs(a, 'settings:manage'),
};

/** May this actor do this to this resource now? Deny by default: another workspace, no membership. */
export function can<R extends Resource>(actor: Actor, action: ActionOf<R['kind']>, resource: R): Decision {
  if (!actor.workspaceId || actor.role === 'none' || resource.workspaceId !== actor.workspaceId) {
    return deny('access.other_workspace', 'That was not found in this workspace.', true);
  }
  // The table is keyed by kind, so the rule found always matches the resource's own shape.
  const rule = rules[resource.kind] as unknown as (a: Actor, action: string, r: Resource) => Decision;
  return rule(actor, action, resource);
}

/**
 * `can`, as an error to throw: 404 when the actor should not learn that the resource exists, else 403.
 * `notFound` words the 404 the way the domain does ("That connection was not found.").
 */
export function assertCan<R extends Resource>(actor: Actor, action: ActionOf<R['kind']>, resource: R, notFound?: { code: string; message: string }): void {
  const d = can(actor, action, resource);
  if (d.allowed) return;
  if (d.hide) throw new AppError(notFound?.code ?? 'common.not_found', notFound?.message ?? 'That was not found.', { status: 404 });
  throw new AppError(d.code, d.reason, { status: 403 });
}

/** `mayDelegate`, as an error to throw (403). */
export function assertMayDelegate(actor: Actor, permissions: Iterable<string>): void {
  const d = mayDelegate(actor, permissions);
  if (!d.allowed) throw new AppError(d.code, d.reason, { status: 403 });
}
