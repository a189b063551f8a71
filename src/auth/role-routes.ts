import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type AppContext } from '../platform/index.js';
import { assertCan } from '../platform/access/index.js';
import { requirePrincipal, type Principal } from '../platform/http/index.js';
import { recordAuthEvent } from './audit-trail.js';
import { builtInRoleNames, builtInRoles, isBuiltInRole, permissionNames, permissionSchema } from './permissions.js';
import { customRoleSchema, okSchema, roleNameSchema } from './schemas.js';
import { authServices } from './services.js';
import { roleCatalogSchema } from '../shared/auth.js';

const tags = ['roles'];
/** Nobody creates, changes or deletes a role holding a permission they do not hold themselves now. */
const assertMayManage = (p: Principal, permissions: readonly string[]) => assertCan(p, 'manage', { kind: 'role', workspaceId: p.workspaceId, permissions });
const roleNotFound = () => new AppError('roles.not_found', 'That role was not found in this workspace.', { status: 404 });

/** Built-in roles and the current workspace's custom roles, composed from the fixed permission list. */
export function roleRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);

    app.get(
      '/roles',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'Built-in and custom roles, and every permission a role can grant',
          response: {
            200: roleCatalogSchema,
          },
        },
      },
      async (request) => ({
        permissions: [...permissionNames],
        builtIn: builtInRoleNames.map((name) => ({ name, description: builtInRoles[name].description, permissions: [...builtInRoles[name].permissions] })),
        custom: await s.workspaces.listRoles(requirePrincipal(request).workspaceId),
      }),
    );

    app.post(
      '/roles',
      {
        config: { permission: 'members:manage' },
        schema: {
          tags,
          summary: 'Create a custom role',
          body: z.object({ name: roleNameSchema, description: z.string().max(300).default(''), permissions: z.array(permissionSchema).max(permissionNames.length) }),
          response: { 201: customRoleSchema },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { name, description, permissions } = request.body;
        assertMayManage(p, permissions);
        if (isBuiltInRole(name.toLowerCase()) || name.toLowerCase() === 'none') {
          throw new AppError('roles.reserved_name', `"${name}" is the name of a built-in role.`, { status: 400, fields: [{ field: 'body.name', message: 'is reserved' }] });
        }
        if (await s.workspaces.findRoleByName(p.workspaceId, name)) {
          throw new AppError('roles.name_taken', `There is already a role named "${name}".`, { status: 409, fields: [{ field: 'body.name', message: 'is taken' }] });
        }
        const role = await s.workspaces.createRole(p.workspaceId, { name, description, permissions });
        await recordAuthEvent(ctx, request, { action: 'roles.created', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: role.id, details: { name, permissions: permissions.join(',') } });
        return reply.code(201).send(role);
      },
    );

    app.patch(
      '/roles/:id',
      {
        config: { permission: 'members:manage' },
        schema: {
          tags,
          summary: "Change a custom role's description or permissions",
          params: z.object({ id: z.string().min(1).max(200) }),
          body: z.object({ description: z.string().max(300).optional(), permissions: z.array(permissionSchema).max(permissionNames.length).optional() }),
          response: { 200: customRoleSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const existing = await s.workspaces.findRole(p.workspaceId, request.params.id);
        if (!existing) throw roleNotFound();
        // Both ways: no widening past your own rights, and no narrowing of a role that holds more than you.
        assertMayManage(p, [...existing.permissions, ...(request.body.permissions ?? [])]);
        await s.workspaces.updateRole(p.workspaceId, request.params.id, {
          ...(request.body.description !== undefined ? { description: request.body.description } : {}),
          ...(request.body.permissions ? { permissions: request.body.permissions } : {}),
        });
        const role = await s.workspaces.findRole(p.workspaceId, request.params.id);
        if (!role) throw roleNotFound();
        await recordAuthEvent(ctx, request, { action: 'roles.updated', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: role.id, details: { permissions: role.permissions.join(',') } });
        return role;
      },
    );

    app.delete(
      '/roles/:id',
      {
        config: { permission: 'members:manage' },
        schema: { tags, summary: 'Delete a custom role nobody holds', params: z.object({ id: z.string().min(1).max(200) }), response: { 200: okSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const role = await s.workspaces.findRole(p.workspaceId, request.params.id);
        if (!role) throw roleNotFound();
        assertMayManage(p, role.permissions);
        if ((await s.workspaces.countWithRole(p.workspaceId, role.name)) > 0) {
          throw new AppError('roles.in_use', 'Members still hold this role. Give them another role first.', { status: 409 });
        }
        await s.workspaces.deleteRole(p.workspaceId, role.id);
        await recordAuthEvent(ctx, request, { action: 'roles.deleted', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: role.id });
        return { ok: true as const };
      },
    );
  };
}
