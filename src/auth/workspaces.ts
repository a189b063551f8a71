import type { Kysely } from 'kysely';
import { newId, nowIso, type Database } from '../platform/index.js';
import { builtInRoles, customRolePermissions, isBuiltInRole, type Permission } from './permissions.js';
import './tables.js';

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: string;
  joinedAt: string;
}

export interface CustomRole {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  createdAt: string;
  updatedAt: string;
}

const toRole = (r: Database['auth_roles']): CustomRole => ({
  id: r.id,
  name: r.name,
  description: r.description,
  permissions: customRolePermissions(r.permissions),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Workspaces, who belongs to them with which role, and each workspace's custom roles. */
export function workspaceRepository(db: Kysely<Database>) {
  const repo = {
    async create(input: { name: string; ownerId: string }, trx: Kysely<Database> = db) {
      const now = nowIso();
      const row = { id: newId('ws'), name: input.name.trim(), created_by: input.ownerId, created_at: now };
      await trx.insertInto('auth_workspaces').values(row).execute();
      await trx.insertInto('auth_memberships').values({ workspace_id: row.id, user_id: input.ownerId, role: 'owner', created_at: now }).execute();
      return row;
    },
    findById: (id: string) => db.selectFrom('auth_workspaces').selectAll().where('id', '=', id).executeTakeFirst(),
    async rename(id: string, name: string): Promise<void> {
      await db.updateTable('auth_workspaces').set({ name: name.trim() }).where('id', '=', id).execute();
    },
    /** The user's workspaces, oldest membership first. */
    listForUser: (userId: string) =>
      db
        .selectFrom('auth_memberships as m')
        .innerJoin('auth_workspaces as w', 'w.id', 'm.workspace_id')
        .select(['w.id', 'w.name', 'm.role', 'm.created_at'])
        .where('m.user_id', '=', userId)
        .orderBy('m.created_at')
        .orderBy('w.id')
        .execute(),
    membership: (workspaceId: string, userId: string) =>
      db
        .selectFrom('auth_memberships')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    async addMember(workspaceId: string, userId: string, role: string): Promise<void> {
      await db
        .insertInto('auth_memberships')
        .values({ workspace_id: workspaceId, user_id: userId, role, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
        .execute();
    },
    async setRole(workspaceId: string, userId: string, role: string): Promise<void> {
      await db.updateTable('auth_memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    },
    async removeMember(workspaceId: string, userId: string): Promise<void> {
      await db.deleteFrom('auth_memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
    },
    async listMembers(workspaceId: string): Promise<MemberView[]> {
      const rows = await db
        .selectFrom('auth_memberships as m')
        .innerJoin('auth_users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
        .where('m.workspace_id', '=', workspaceId)
        .orderBy('m.created_at')
        .execute();
      return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, role: r.role, joinedAt: r.created_at }));
    },
    async countOwners(workspaceId: string): Promise<number> {
      const r = await db
        .selectFrom('auth_memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async countWithRole(workspaceId: string, role: string): Promise<number> {
      const r = await db
        .selectFrom('auth_memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', role)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async listRoles(workspaceId: string): Promise<CustomRole[]> {
      const rows = await db.selectFrom('auth_roles').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
      return rows.map(toRole);
    },
    async findRole(workspaceId: string, id: string): Promise<CustomRole | undefined> {
      const r = await db.selectFrom('auth_roles').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return r ? toRole(r) : undefined;
    },
    async findRoleByName(workspaceId: string, name: string): Promise<CustomRole | undefined> {
      const r = await db.selectFrom('auth_roles').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
      return r ? toRole(r) : undefined;
    },
    async createRole(workspaceId: string, input: { name: string; description: string; permissions: Permission[] }): Promise<CustomRole> {
      const now = nowIso();
      const row = {
        id: newId('role'),
        workspace_id: workspaceId,
        name: input.name,
        description: input.description,
        permissions: JSON.stringify([...new Set(input.permissions)]),
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('auth_roles').values(row).execute();
      return toRole(row);
    },
    async updateRole(workspaceId: string, id: string, input: { description?: string; permissions?: Permission[] }): Promise<void> {
      await db
        .updateTable('auth_roles')
        .set({
          updated_at: nowIso(),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.permissions ? { permissions: JSON.stringify([...new Set(input.permissions)]) } : {}),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
    },
    async deleteRole(workspaceId: string, id: string): Promise<void> {
      await db.deleteFrom('auth_roles').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
    },

    /** The permissions a role name grants in a workspace (empty for a role that no longer exists). */
    async permissionsOf(workspaceId: string, role: string): Promise<Set<string>> {
      if (isBuiltInRole(role)) return new Set(builtInRoles[role].permissions);
      const custom = await repo.findRoleByName(workspaceId, role);
      return new Set(custom?.permissions ?? []);
    },
  };
  return repo;
}

export type WorkspaceRepository = ReturnType<typeof workspaceRepository>;
