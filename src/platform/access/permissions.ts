import { z } from 'zod';
import { parseJsonColumn } from '../db/json-column.js';
import { permissionNames, type Permission } from '../../shared/auth.js';

export { permissionNames, permissionSchema, type Permission } from '../../shared/auth.js';
export const isPermission = (name: string): name is Permission => (permissionNames as readonly string[]).includes(name);

/**
 * A custom role's permissions as stored (the `permissions` JSON column of auth_roles), the one way every
 * domain reads them: names this version no longer knows are dropped.
 */
export const customRolePermissions = (stored: string): Permission[] =>
  parseJsonColumn(z.array(z.string()), stored, { column: 'auth_roles.permissions' }).filter(isPermission);

export const builtInRoleNames = ['owner', 'admin', 'member', 'viewer'] as const;
export type BuiltInRole = (typeof builtInRoleNames)[number];

/**
 * What each built-in role may do. Owner and admin hold every permission; what only an owner may do
 * (grant or take away ownership) is checked by the members rules, not by a permission.
 */
export const builtInRoles: Record<BuiltInRole, { description: string; permissions: readonly Permission[] }> = {
  owner: { description: 'Everything, including making other people owners.', permissions: permissionNames },
  admin: { description: 'Everything except changing owners.', permissions: permissionNames },
  member: {
    description: 'Builds and runs workflows, connects services, uses memory and AI.',
    permissions: [
      'workflows:read',
      'workflows:write',
      'workflows:run',
      'comments:write',
      'connections:read',
      'connections:manage',
      'memory:read',
      'memory:write',
      'ai:use',
    ],
  },
  viewer: {
    description: 'Reads workflows, connections and memory; comments on workflows.',
    permissions: ['workflows:read', 'comments:write', 'connections:read', 'memory:read'],
  },
};

export const isBuiltInRole = (name: string): name is BuiltInRole => (builtInRoleNames as readonly string[]).includes(name);
