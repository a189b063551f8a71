import { describe, expect, it } from 'vitest';
import { builtInRoles, type BuiltInRole } from './permissions.js';
import { actsAsOwner, can, mayDelegate, type Actor, type Resource } from './policy.js';

const ws = 'ws_1';
const actor = (role: BuiltInRole | 'narrow', extra: Partial<Actor> = {}): Actor => ({
  userId: `u_${role}`,
  workspaceId: ws,
  role,
  permissions: new Set(role === 'narrow' ? ['members:manage'] : builtInRoles[role].permissions),
  via: 'session',
  ...extra,
});

describe('access policy', () => {
  it('denies, hiding the resource, anything in another workspace and anyone without a membership', () => {
    const d = can(actor('owner'), 'read', { kind: 'workflow', workspaceId: 'ws_other' });
    expect(d).toMatchObject({ allowed: false, hide: true });
    expect(can(actor('owner', { role: 'none' }), 'read', { kind: 'workflow', workspaceId: ws }).allowed).toBe(false);
  });

  // Rows read like relations: actor, action, resource → allowed?
  const table: [string, Actor, string, Resource, boolean][] = [
    ['member uses own personal connection', actor('member'), 'use', { kind: 'connection', workspaceId: ws, ownerId: 'u_member' }, true],
    ["member uses a colleague's personal connection", actor('member'), 'use', { kind: 'connection', workspaceId: ws, ownerId: 'u_admin' }, false],
    ["admin uses a colleague's personal connection", actor('admin'), 'use', { kind: 'connection', workspaceId: ws, ownerId: 'u_member' }, false],
    ['member uses a shared connection', actor('member'), 'use', { kind: 'connection', workspaceId: ws, ownerId: null }, true],
    ['narrow role uses a shared connection', actor('narrow'), 'use', { kind: 'connection', workspaceId: ws, ownerId: null }, false],
    ['viewer manages a shared connection', actor('viewer'), 'manage', { kind: 'connection', workspaceId: ws, ownerId: null }, false],
    ["member reads a colleague's private document", actor('member'), 'read', { kind: 'document', workspaceId: ws, ownerId: 'u_admin', visibility: 'private' }, false],
    ['viewer reads a workspace document', actor('viewer'), 'read', { kind: 'document', workspaceId: ws, ownerId: 'u_admin', visibility: 'workspace' }, true],
    ["member deletes a colleague's workspace document", actor('member'), 'delete', { kind: 'document', workspaceId: ws, ownerId: 'u_admin', visibility: 'workspace' }, false],
    ["admin deletes a colleague's workspace document", actor('admin'), 'delete', { kind: 'document', workspaceId: ws, ownerId: 'u_member', visibility: 'workspace' }, true],
    ['viewer runs a workflow', actor('viewer'), 'run', { kind: 'workflow', workspaceId: ws }, false],
    ['viewer approves a run', actor('viewer'), 'approve', { kind: 'run', workspaceId: ws }, false],
    ['member approves a run', actor('member'), 'approve', { kind: 'run', workspaceId: ws }, true],
    ['viewer named as approver approves', actor('viewer'), 'approve', { kind: 'run', workspaceId: ws, approverIds: ['u_viewer'] }, true],
    ['member not named as approver approves', actor('member'), 'approve', { kind: 'run', workspaceId: ws, approverIds: ['u_admin'] }, false],
    ['narrow role creates a role with every permission', actor('narrow'), 'manage', { kind: 'role', workspaceId: ws, permissions: builtInRoles.admin.permissions }, false],
    ['narrow role creates a role with members:manage', actor('narrow'), 'manage', { kind: 'role', workspaceId: ws, permissions: ['members:manage'] }, true],
    ['narrow role grants admin', actor('narrow'), 'grant', { kind: 'role', workspaceId: ws, permissions: builtInRoles.admin.permissions }, false],
    ['narrow role changes an admin', actor('narrow'), 'change_role', { kind: 'member', workspaceId: ws, userId: 'u_admin', role: 'admin', permissions: builtInRoles.admin.permissions }, false],
    ['admin changes an owner', actor('admin'), 'change_role', { kind: 'member', workspaceId: ws, userId: 'u_owner', role: 'owner', permissions: builtInRoles.owner.permissions }, false],
    ['owner changes an owner', actor('owner'), 'change_role', { kind: 'member', workspaceId: ws, userId: 'u_o2', role: 'owner', permissions: builtInRoles.owner.permissions }, true],
    ['owner with a member-scoped token changes an owner', actor('owner', { via: 'token', scopeRole: 'member', permissions: new Set(builtInRoles.member.permissions) }), 'change_role', { kind: 'member', workspaceId: ws, userId: 'u_o2', role: 'owner', permissions: builtInRoles.owner.permissions }, false],
    ["someone else's token", actor('admin'), 'revoke', { kind: 'token', workspaceId: ws, ownerId: 'u_member' }, false],
    ['admin edits a colleague comment', actor('admin'), 'edit', { kind: 'comment', workspaceId: ws, authorId: 'u_member' }, false],
    ['admin deletes a colleague comment', actor('admin'), 'delete', { kind: 'comment', workspaceId: ws, authorId: 'u_member' }, true],
    ["admin reads a colleague's conversation", actor('admin'), 'read', { kind: 'conversation', workspaceId: ws, ownerId: 'u_member' }, false],
    ['member reads own conversation', actor('member'), 'read', { kind: 'conversation', workspaceId: ws, ownerId: 'u_member' }, true],
    ['member edits a colleague comment', actor('member'), 'edit', { kind: 'comment', workspaceId: ws, authorId: 'u_admin' }, false],
  ];
  it.each(table)('%s', (_name, a, action, resource, expected) => {
    expect(can(a, action as never, resource).allowed).toBe(expected);
  });

  it('hands on only what the delegator holds now', () => {
    expect(mayDelegate(actor('member'), ['workflows:read', 'ai:use']).allowed).toBe(true);
    expect(mayDelegate(actor('member'), ['members:manage'])).toMatchObject({ allowed: false, code: 'access.delegation_exceeds_holder' });
  });

  it('grants owner-only acts to a current owner with an owner-scoped credential only', () => {
    expect(actsAsOwner(actor('owner'))).toBe(true);
    expect(actsAsOwner(actor('owner', { scopeRole: 'admin' }))).toBe(false);
    // A token minted as owner by someone since demoted: the role is the member's current one.
    expect(actsAsOwner(actor('admin', { scopeRole: 'owner' }))).toBe(false);
  });
});
