import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type AppContext } from '../platform/index.js';
import { requirePrincipal, type Principal } from '../platform/http/index.js';
import { recordAuthEvent } from './audit-trail.js';
import { revokeInvitationsBeyondCreator, usableInvitation } from './invitation-rules.js';
import { assertMayChangeMember, assertMayGrant, assertRoleExists } from './member-rules.js';
import { emailSchema, invitationSchema, memberSchema, nameSchema, okSchema, roleNameSchema, workspaceMembershipSchema } from './schemas.js';
import { authServices } from './services.js';

const memberNotFound = () => new AppError('members.not_found', 'That member was not found in this workspace.', { status: 404 });

/** Workspaces, their members and invitation links. The workspace acted in comes from the caller. */
export function workspaceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const s = authServices(ctx);

    /** A member who left or whose role changed takes their invitation links along, as far as they could no longer create them. */
    const endInvitationsOf = async (request: FastifyRequest, p: Principal, userId: string, reason: string) => {
      for (const id of await revokeInvitationsBeyondCreator(s, p.workspaceId, userId)) {
        await recordAuthEvent(ctx, request, { action: 'members.invitation_revoked', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: id, details: { reason } });
      }
    };

    app.get(
      '/workspaces',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['workspaces'], summary: 'Your workspaces and your role in each', response: { 200: z.object({ workspaces: z.array(workspaceMembershipSchema) }) } },
      },
      async (request) => {
        const list = await s.workspaces.listForUser(requirePrincipal(request).userId);
        return { workspaces: list.map((w) => ({ id: w.id, name: w.name, role: w.role })) };
      },
    );

    app.post(
      '/workspaces',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['workspaces'], summary: 'Create a workspace you own', body: z.object({ name: nameSchema }), response: { 201: workspaceMembershipSchema } },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const ws = await s.workspaces.create({ name: request.body.name, ownerId: p.userId });
        // The creator goes on in the new workspace.
        await s.users.setLastWorkspace(p.userId, ws.id);
        await recordAuthEvent(ctx, request, { action: 'workspaces.created', outcome: 'success', actorId: p.userId, workspaceId: ws.id, target: ws.id });
        return reply.code(201).send({ id: ws.id, name: ws.name, role: 'owner' });
      },
    );

    app.post(
      '/workspaces/switch',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['workspaces'],
          summary: 'Make one of your workspaces the default for requests without x-atom-workspace',
          body: z.object({ workspaceId: z.string().min(1).max(200) }),
          response: { 200: workspaceMembershipSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const found = (await s.workspaces.listForUser(p.userId)).find((w) => w.id === request.body.workspaceId);
        if (!found) throw new AppError('auth.workspace_not_found', 'That workspace was not found.', { status: 404 });
        await s.users.setLastWorkspace(p.userId, found.id);
        return { id: found.id, name: found.name, role: found.role };
      },
    );

    app.patch(
      '/workspaces/current',
      {
        config: { permission: 'settings:manage' },
        schema: { tags: ['workspaces'], summary: 'Rename the current workspace', body: z.object({ name: nameSchema }), response: { 200: okSchema } },
      },
      async (request) => {
        await s.workspaces.rename(requirePrincipal(request).workspaceId, request.body.name);
        return { ok: true as const };
      },
    );

    app.get(
      '/members',
      {
        config: { permission: 'authenticated' },
        schema: { tags: ['members'], summary: 'Members of the current workspace', response: { 200: z.object({ members: z.array(memberSchema) }) } },
      },
      async (request) => ({ members: await s.workspaces.listMembers(requirePrincipal(request).workspaceId) }),
    );

    app.patch(
      '/members/:userId',
      {
        config: { permission: 'members:manage' },
        schema: {
          tags: ['members'],
          summary: "Change a member's role",
          params: z.object({ userId: z.string().min(1).max(200) }),
          body: z.object({ role: roleNameSchema }),
          response: { 200: memberSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const target = await s.workspaces.membership(p.workspaceId, request.params.userId);
        if (!target) throw memberNotFound();
        const role = request.body.role;
        await assertRoleExists(s.workspaces, p.workspaceId, role);
        await assertMayChangeMember(s.workspaces, p, target, role);
        await s.workspaces.setRole(p.workspaceId, target.user_id, role);
        await recordAuthEvent(ctx, request, { action: 'members.role_changed', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: target.user_id, details: { from: target.role, to: role } });
        await endInvitationsOf(request, p, target.user_id, 'creator_role_changed');
        const member = (await s.workspaces.listMembers(p.workspaceId)).find((m) => m.userId === target.user_id);
        if (!member) throw memberNotFound();
        return member;
      },
    );

    app.delete(
      '/members/:userId',
      {
        config: { permission: 'members:manage' },
        schema: { tags: ['members'], summary: 'Remove a member (their API tokens for this workspace end too)', params: z.object({ userId: z.string().min(1).max(200) }), response: { 200: okSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const target = await s.workspaces.membership(p.workspaceId, request.params.userId);
        if (!target) throw memberNotFound();
        await assertMayChangeMember(s.workspaces, p, target, undefined);
        await s.workspaces.removeMember(p.workspaceId, target.user_id);
        await s.tokens.revokeAllInWorkspace(p.workspaceId, target.user_id);
        await s.oauth.revokeAllInWorkspace(p.workspaceId, target.user_id);
        await recordAuthEvent(ctx, request, { action: 'members.removed', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: target.user_id, details: { role: target.role } });
        await endInvitationsOf(request, p, target.user_id, 'creator_removed');
        return { ok: true as const };
      },
    );

    app.get(
      '/invitations',
      {
        config: { permission: 'members:manage' },
        schema: { tags: ['members'], summary: 'Open invitations of the current workspace', response: { 200: z.object({ invitations: z.array(invitationSchema) }) } },
      },
      async (request) => ({ invitations: await s.invitations.listOpen(requirePrincipal(request).workspaceId) }),
    );

    app.post(
      '/invitations',
      {
        config: { permission: 'members:manage' },
        schema: {
          tags: ['members'],
          summary: 'Invite someone by link (the link is shown only in this answer)',
          body: z.object({
            email: emailSchema.optional().describe('Only this email may use the link; any email when omitted.'),
            role: roleNameSchema.default('member'),
            validDays: z.number().int().min(1).max(30).default(7),
          }),
          response: { 201: z.object({ invitation: invitationSchema, token: z.string(), url: z.string() }) },
        },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const { role, validDays } = request.body;
        await assertRoleExists(s.workspaces, p.workspaceId, role);
        await assertMayGrant(s.workspaces, p, role);
        const email = request.body.email?.trim().toLowerCase() ?? null;
        const { secret, view } = await s.invitations.create({ workspaceId: p.workspaceId, email, role, invitedBy: p.userId, validDays });
        const base = ctx.config.ATOM_PUBLIC_URL?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
        await recordAuthEvent(ctx, request, { action: 'members.invited', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: view.id, details: { role } });
        return reply.code(201).send({ invitation: view, token: secret, url: `${base}/invite/${secret}` });
      },
    );

    app.delete(
      '/invitations/:id',
      {
        config: { permission: 'members:manage' },
        schema: { tags: ['members'], summary: 'Revoke an invitation', params: z.object({ id: z.string().min(1).max(200) }), response: { 200: okSchema } },
      },
      async (request) => {
        const p = requirePrincipal(request);
        if (!(await s.invitations.revoke(p.workspaceId, request.params.id))) {
          throw new AppError('members.invitation_not_found', 'That invitation was not found.', { status: 404 });
        }
        await recordAuthEvent(ctx, request, { action: 'members.invitation_revoked', outcome: 'success', actorId: p.userId, workspaceId: p.workspaceId, target: request.params.id });
        return { ok: true as const };
      },
    );

    app.post(
      '/auth/invitations/lookup',
      {
        config: { permission: 'public', rateLimit: { max: ctx.config.ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE, timeWindow: 60_000 } },
        schema: {
          tags: ['auth'],
          summary: 'What an invitation link is for (the secret travels in the body, never in a logged URL)',
          body: z.object({ token: z.string().min(1).max(200) }),
          response: { 200: z.object({ workspaceName: z.string(), email: z.string().nullable(), role: z.string(), expiresAt: z.string() }) },
        },
      },
      async (request) => {
        const inv = await usableInvitation(s, await s.invitations.findOpen(request.body.token));
        const ws = inv ? await s.workspaces.findById(inv.workspace_id) : undefined;
        if (!inv || !ws) throw new AppError('auth.invitation_invalid', 'This invitation link is not valid any more.', { status: 404 });
        return { workspaceName: ws.name, email: inv.email, role: inv.role, expiresAt: inv.expires_at };
      },
    );

    app.post(
      '/auth/invitations/accept',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['auth'],
          summary: 'Join a workspace with an invitation, as the signed-in user',
          body: z.object({ token: z.string().min(1).max(200) }),
          response: { 200: workspaceMembershipSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        const inv = await usableInvitation(s, await s.invitations.findOpen(request.body.token));
        const user = await s.users.findById(p.userId);
        if (!inv || !user) throw new AppError('auth.invitation_invalid', 'This invitation link is not valid any more.', { status: 404 });
        if (inv.email && inv.email !== user.email) throw new AppError('auth.invitation_email_mismatch', 'This invitation is for another email address.', { status: 403 });
        if (await s.workspaces.membership(inv.workspace_id, user.id)) throw new AppError('members.already_member', 'You are already a member of that workspace.', { status: 409 });
        if (!(await s.invitations.markAccepted(inv.id, user.id))) throw new AppError('auth.invitation_invalid', 'This invitation link is not valid any more.', { status: 404 });
        await s.workspaces.addMember(inv.workspace_id, user.id, inv.role);
        await s.users.setLastWorkspace(user.id, inv.workspace_id);
        await recordAuthEvent(ctx, request, { action: 'members.joined', outcome: 'success', actorId: user.id, workspaceId: inv.workspace_id, target: user.id, details: { role: inv.role } });
        const ws = await s.workspaces.findById(inv.workspace_id);
        return { id: inv.workspace_id, name: ws?.name ?? '', role: inv.role };
      },
    );
  };
}
