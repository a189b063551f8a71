import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditActor, recordAudit } from '../audit/index.js';
import { userRepository } from '../auth/index.js';
import { notify } from '../notifications/index.js';
import { assertCan } from '../platform/access/index.js';
import { requirePrincipal, type Principal } from '../platform/http/index.js';
import { errors, type AppContext } from '../platform/index.js';
import { publish } from '../realtime/index.js';
import { listMembers, memberCan, type Member } from './members.js';
import { commentEditSchema, commentListSchema, commentSchema, mentionableSchema, newCommentSchema, type CommentView } from './schemas.js';
import { commentStore, mentionsOf } from './comment-repository.js';
import { createWorkflowStore, onWorkflowRemoved } from '../workflows/index.js';
import type { CommentRow } from './tables.js';

const tags = ['comments'];
const idParams = z.object({ id: z.string().min(1).max(100) });
const emailMention = /(?:^|\s)@([^\s@]+@[^\s@]+\.[^\s@,;:!?)]+)/g;

/** Step ids anywhere in a workflow definition (steps nest inside branches, loops and error handlers). */
function stepIds(definition: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(definition)) for (const v of definition) stepIds(v, into);
  else if (definition && typeof definition === 'object') {
    const o = definition as Record<string, unknown>;
    if (typeof o['id'] === 'string' && typeof o['type'] === 'string') into.add(o['id']);
    for (const v of Object.values(o)) if (v && typeof v === 'object') stepIds(v, into);
  }
  return into;
}

/**
 * Comments on workflows and their steps: `/api/workflows/:id/comments` (read with workflows:read, write
 * with comments:write) and `/api/comments/:id` (edit or delete: the author, or an admin moderating, as
 * the access policy says). Mentions notify the member.
 */
// A deleted workflow's comments go with it (the same function registered by every app build runs once).
const forgetComments = (ctx: AppContext, removed: { workspaceId: string; workflowId: string }) => commentStore(ctx.db).removeForWorkflow(removed.workspaceId, removed.workflowId);

export function commentsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  onWorkflowRemoved(ctx, forgetComments);
  return async (app) => {
    const store = commentStore(ctx.db);
    const workflows = createWorkflowStore(ctx.db);
    const users = userRepository(ctx.db);

    const workflowOf = async (workspaceId: string, id: string) => {
      const wf = await workflows.find(workspaceId, id);
      if (!wf) throw errors.notFound('The workflow', 'workflows.not_found');
      return wf;
    };

    const views = async (workspaceId: string, rows: CommentRow[]): Promise<CommentView[]> => {
      const ids = new Set<string>();
      for (const r of rows) {
        ids.add(r.author_id);
        for (const m of mentionsOf(r)) ids.add(m);
      }
      // Authors who left the workspace keep their name on what they wrote.
      const name = await users.namesByIds([...ids]);
      const person = (id: string) => ({ id, name: name.get(id) ?? 'Former member' });
      return rows.map((r) => ({
        id: r.id,
        workflowId: r.workflow_id,
        stepId: r.step_id,
        parentId: r.parent_id,
        author: person(r.author_id),
        body: r.deleted_at ? '' : r.body,
        mentions: mentionsOf(r).map(person),
        createdAt: r.created_at,
        editedAt: r.edited_at,
        deleted: r.deleted_at !== null,
      }));
    };

    /** Members named by id or by `@email` in the body; people outside the workspace are ignored. */
    const resolveMentions = async (workspaceId: string, body: string, ids: string[]): Promise<Member[]> => {
      const emails = [...body.matchAll(emailMention)].map((m) => m[1]!.toLowerCase());
      const members = await listMembers(ctx.db, workspaceId);
      return members.filter((m) => ids.includes(m.id) || emails.includes(m.email.toLowerCase()));
    };

    /** Mentioned members who may read the workflow hear about it once per comment (edits re-notify nobody). */
    const notifyMentions = async (p: Principal, wf: { id: string; name: string }, comment: CommentRow, mentioned: Member[], parent?: CommentRow) => {
      const author = (await users.namesByIds([p.userId])).get(p.userId) ?? 'Someone';
      const link = `/workflows/w/${wf.id}#comment-${comment.id}`;
      const excerpt = comment.body.slice(0, 280);
      for (const m of mentioned) {
        if (m.id === p.userId || !(await memberCan(ctx.db, p.workspaceId, m, 'workflows:read'))) continue;
        await notify(ctx, { workspaceId: p.workspaceId, userId: m.id, kind: 'mention', title: `${author} mentioned you on “${wf.name}”`, body: excerpt, link, actorId: p.userId, dedupeKey: `mention:${comment.id}` });
      }
      if (parent && parent.author_id !== p.userId && !parent.deleted_at && !mentioned.some((m) => m.id === parent.author_id)) {
        await notify(ctx, { workspaceId: p.workspaceId, userId: parent.author_id, kind: 'comment_reply', title: `${author} replied to you on “${wf.name}”`, body: excerpt, link, actorId: p.userId, dedupeKey: `reply:${comment.id}` });
      }
    };

    const audit = async (request: FastifyRequest, action: string, id: string, details: Record<string, unknown>) => {
      try {
        await recordAudit(ctx.db, { ...auditActor(request), action, outcome: 'success', target: { type: 'workflow_comment', id }, details });
      } catch (err) {
        ctx.logger.error({ err, action }, 'could not record the audit entry');
      }
    };

    /** Open comment panels of the workflow refresh on these. */
    const announce = (workspaceId: string, workflowId: string, type: string, commentId: string) =>
      void publish(ctx, { workspaceId, type, resource: { kind: 'workflow', id: workflowId }, permission: 'workflows:read', data: { commentId } });

    /** A comment of this workspace that the caller may edit or delete now (the policy decides, not the route). */
    const commentToChange = async (p: Principal, id: string, action: 'edit' | 'delete') => {
      const c = await store.get(p.workspaceId, id);
      if (!c || c.deleted_at) throw errors.notFound('The comment', 'comments.not_found');
      // The workflow must still exist (and be in this workspace) for its comments to be reachable.
      await workflowOf(p.workspaceId, c.workflow_id);
      assertCan(p, action, { kind: 'comment', workspaceId: c.workspace_id, authorId: c.author_id }, { code: 'comments.not_found', message: 'The comment was not found.' });
      return c;
    };

    app.get(
      '/workflows/:id/comments',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags,
          summary: "A workflow's comments, oldest first (replies carry parentId).",
          params: idParams,
          querystring: z.object({ stepId: z.string().min(1).max(200).optional().describe('Only the comments on this step') }),
          response: { 200: commentListSchema },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        await workflowOf(p.workspaceId, request.params.id);
        return { items: await views(p.workspaceId, await store.list(p.workspaceId, request.params.id, request.query.stepId)) };
      },
    );

    app.get(
      '/workflows/:id/comments/mentionable',
      {
        config: { permission: 'workflows:read' },
        schema: {
          tags,
          summary: 'Members who can be @mentioned on this workflow (autocomplete).',
          params: idParams,
          querystring: z.object({ q: z.string().max(100).optional() }),
          response: { 200: z.object({ items: z.array(mentionableSchema) }) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request);
        await workflowOf(p.workspaceId, request.params.id);
        const members = await listMembers(ctx.db, p.workspaceId, { q: request.query.q, limit: 20 });
        const readers: Member[] = [];
        for (const m of members) if (await memberCan(ctx.db, p.workspaceId, m, 'workflows:read')) readers.push(m);
        return { items: readers.slice(0, 10).map(({ id, name, email }) => ({ id, name, email })) };
      },
    );

    app.post(
      '/workflows/:id/comments',
      {
        config: { permission: 'comments:write' },
        schema: { tags, summary: 'Comments on a workflow or one of its steps, or replies to a comment.', params: idParams, body: newCommentSchema, response: { 201: commentSchema } },
      },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const wf = await workflowOf(p.workspaceId, request.params.id);
        // Commenting on a workflow needs reading it too (a custom role may hold comments:write alone).
        assertCan(p, 'read', { kind: 'workflow', workspaceId: p.workspaceId });
        assertCan(p, 'write', { kind: 'comment', workspaceId: p.workspaceId, authorId: p.userId });
        const b = request.body;
        let parent: CommentRow | undefined;
        if (b.parentId) {
          parent = await store.get(p.workspaceId, b.parentId);
          if (!parent || parent.workflow_id !== wf.id) throw errors.badRequest('The comment to reply to is not on this workflow.', [{ field: 'body.parentId', message: 'not a comment of this workflow' }], 'comments.bad_parent');
        }
        // A reply belongs to its parent's step; a new thread names a step of the latest version.
        const stepId = parent ? parent.step_id : (b.stepId ?? null);
        if (!parent && stepId) {
          const v = await workflows.findVersion(p.workspaceId, wf.id, wf.latestVersion);
          if (!v || !stepIds(v.definition).has(stepId)) throw errors.badRequest(`The workflow has no step ${stepId}.`, [{ field: 'body.stepId', message: 'no such step in the latest version' }], 'comments.bad_step');
        }
        const mentioned = await resolveMentions(p.workspaceId, b.body, b.mentions);
        const row = await store.create({ workspaceId: p.workspaceId, workflowId: wf.id, stepId, parentId: parent?.id ?? null, authorId: p.userId, body: b.body, mentions: mentioned.map((m) => m.id) });
        await notifyMentions(p, wf, row, mentioned, parent);
        announce(p.workspaceId, wf.id, 'comment.created', row.id);
        await audit(request, 'comment.created', row.id, { workflowId: wf.id, stepId, parentId: row.parent_id, mentions: mentioned.map((m) => m.id) });
        const [view] = await views(p.workspaceId, [row]);
        return reply.code(201).send(view!);
      },
    );

    app.patch(
      '/comments/:id',
      { config: { permission: 'comments:write' }, schema: { tags, summary: 'Edits a comment (your own, or any as an admin); newly mentioned members are notified.', params: idParams, body: commentEditSchema, response: { 200: commentSchema } } },
      async (request) => {
        const p = requirePrincipal(request);
        const c = await commentToChange(p, request.params.id, 'edit');
        const wf = await workflowOf(p.workspaceId, c.workflow_id);
        const mentioned = await resolveMentions(p.workspaceId, request.body.body, request.body.mentions);
        await store.edit(p.workspaceId, c.id, request.body.body, mentioned.map((m) => m.id));
        const updated = (await store.get(p.workspaceId, c.id))!;
        await notifyMentions(p, wf, updated, mentioned);
        announce(p.workspaceId, wf.id, 'comment.updated', c.id);
        await audit(request, 'comment.updated', c.id, { workflowId: wf.id, mentions: mentioned.map((m) => m.id) });
        return (await views(p.workspaceId, [updated]))[0]!;
      },
    );

    app.delete(
      '/comments/:id',
      { config: { permission: 'comments:write' }, schema: { tags, summary: 'Deletes a comment (your own, or any as an admin; replies stay, under a "deleted" stand-in).', params: idParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const p = requirePrincipal(request);
        const c = await commentToChange(p, request.params.id, 'delete');
        await store.softDelete(p.workspaceId, c.id);
        announce(p.workspaceId, c.workflow_id, 'comment.deleted', c.id);
        await audit(request, 'comment.deleted', c.id, { workflowId: c.workflow_id });
        return reply.code(204).send(null);
      },
    );
  };
}
