import type { Kysely } from 'kysely';
import { builtInRoles, type BuiltInRole } from '../auth/index.js';
import { customRolePermissions } from '../platform/access/index.js';
import type { Database } from '../platform/index.js';

export interface Member {
  id: string;
  name: string;
  email: string;
  role: string;
}

/** Members of a workspace, optionally those whose name or e-mail starts with / contains `q`. */
export async function listMembers(db: Kysely<Database>, workspaceId: string, opts: { q?: string | undefined; ids?: string[]; limit?: number } = {}): Promise<Member[]> {
  const q = opts.q?.trim().toLowerCase();
  if (opts.ids && opts.ids.length === 0) return [];
  return db
    .selectFrom('auth_memberships as m')
    .innerJoin('auth_users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .$if(!!q, (qb) => qb.where((eb) => eb.or([eb(eb.fn('lower', ['u.name']), 'like', `%${q}%`), eb(eb.fn('lower', ['u.email']), 'like', `%${q}%`)])))
    .$if(!!opts.ids, (qb) => qb.where('u.id', 'in', opts.ids!))
    .orderBy('u.name')
    .limit(opts.limit ?? 500)
    .execute();
}

/** Whether a member's role (built-in or custom) grants a permission. */
export async function memberCan(db: Kysely<Database>, workspaceId: string, member: Member, permission: string): Promise<boolean> {
  if (Object.hasOwn(builtInRoles, member.role)) return (builtInRoles[member.role as BuiltInRole].permissions as readonly string[]).includes(permission);
  const role = await db.selectFrom('auth_roles').select('permissions').where('workspace_id', '=', workspaceId).where('name', '=', member.role).executeTakeFirst();
  if (!role) return false;
  return (customRolePermissions(role.permissions) as string[]).includes(permission);
}
