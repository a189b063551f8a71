import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type AppContext } from '../platform/index.js';
import { requirePrincipal } from '../platform/http/index.js';
import { recordAuthEvent } from './audit-trail.js';
import { assertMayGrant, assertRoleExists } from './member-rules.js';
import { apiTokenSchema, okSchema, roleNameSchema } from './schemas.js';
import { authServices } from './services.js';

const tags = ['tokens'];

/** Your personal API tokens in the current workspace. */
export function tokenRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);

    app.get(
      '/tokens',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Your API tokens in this workspace (never the secrets)', response: { 200: z.object({ tokens: z.array(apiTokenSchema) }) } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        return { tokens: await s.tokens.list(p.workspaceId, p.userId) };
      },
    );

    app.post(
      '/tokens',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: 'Create an API token (the secret is in this answer only)',
          body: z.object({
            name: z.string().trim().min(1).max(100),
            role: roleNameSchema.optional().describe("What the token may do: a role whose permissions you hold now. Omitted: your role, or with a token the calling token's role."),
            expiresInDays: z.number().int().min(1).max(3650).nullable().default(90).describe('null for a token that does not expire.'),
          }),
          response: { 201: z.object({ token: z.string().describe('Send as Authorization: Bearer <token>. Shown once.'), apiToken: apiTokenSchema }) },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        if (!p.workspaceId) throw new AppError('auth.no_workspace', 'Join or create a workspace first.', { status: 409 });
        // A token minting a token hands on at most its own scope (p.permissions is already narrowed to it).
        const role = request.body.role ?? (p.via === 'token' && p.scopeRole ? p.scopeRole : p.role);
        await assertRoleExists(s.workspaces, p.workspaceId, role);
        await assertMayGrant(s.workspaces, p, role);
        const days = request.body.expiresInDays;
        const expiresAt = days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString();
        const { token, view } = await s.tokens.create({ userId: p.userId, workspaceId: p.workspaceId, name: request.body.name, role, expiresAt });
        await recordAuthEvent(ctx, request, { action: 'auth.token_created', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: view.id, details: { role, name: view.name } });
        return reply.code(201).send({ token, apiToken: view });
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: 'Delete one of your API tokens', params: z.object({ id: z.string().min(1).max(200) }), response: { 200: okSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        if (!(await s.tokens.revoke(p.workspaceId, p.userId, request.params.id))) {
          throw new AppError('auth.token_not_found', 'That API token was not found.', { status: 404 });
        }
        await recordAuthEvent(ctx, request, { action: 'auth.token_deleted', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: request.params.id });
        return { ok: true as const };
      },
    );
  };
}
