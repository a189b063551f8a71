import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { eventBus } from '../realtime/index.js';
import type { CommentView } from './schemas.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const definition = { trigger: { type: 'manual' }, steps: [{ id: 'say_hi', type: 'action', action: 'core.log', input: { message: 'hi' } }] };

describe.each(dialects)('comments and mentions (%s)', (dialect) => {
  let t: TestApp;
  let owner: TestActor;
  let viewer: TestActor;
  let outsider: TestActor;
  let workflowId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'warn', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000' });
    owner = await signUpOwner(t.app, { name: 'Ada Owner' });
    viewer = await addMember(t.app, owner, 'viewer');
    outsider = await signUpOwner(t.app, { name: 'Eve Elsewhere' });
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Invoice intake', definition } });
    expect(r.statusCode).toBe(201);
    workflowId = r.json<{ id: string }>().id;
  });
  afterAll(() => t.cleanup());

  const post = (who: TestActor, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/comments`, headers: who.bearer, payload });
  const inbox = async (who: TestActor) => (await t.app.inject({ url: '/api/notifications', headers: who.bearer })).json<{ items: { id: string; kind: string; title: string; link: string }[]; unread: number }>();

  it('notifies a mentioned member once, threads replies and notifies the parent author', async () => {
    const res = await post(owner, { body: 'Can you check the totals?', mentions: [viewer.userId] });
    expect(res.statusCode).toBe(201);
    const c = res.json<CommentView>();
    expect(c).toMatchObject({ workflowId, stepId: null, parentId: null, author: { id: owner.userId, name: 'Ada Owner' }, mentions: [{ id: viewer.userId }], deleted: false });

    const box = await inbox(viewer);
    expect(box.unread).toBe(1);
    // Pushed live to the mentioned user only; the panel event goes to readers of the workflow.
    const { events } = await eventBus(t.ctx).replay(owner.workspaceId, 0);
    expect(events.find((e) => e.type === 'notification.created')).toMatchObject({ audience: { userIds: [viewer.userId] }, resource: { kind: 'notification', id: box.items[0]!.id } });
    expect(events.find((e) => e.type === 'comment.created')).toMatchObject({ resource: { kind: 'workflow', id: workflowId }, permission: 'workflows:read', data: { commentId: c.id } });
    expect(box.items[0]).toMatchObject({ kind: 'mention', title: 'Ada Owner mentioned you on “Invoice intake”', link: `/workflows/w/${workflowId}#comment-${c.id}` });
    // The author is not notified about their own comment.
    expect((await inbox(owner)).items.filter((n) => n.kind === 'mention')).toEqual([]);

    // A viewer may comment (comments:write) and reply in the thread; the parent's author hears about it.
    const reply = await post(viewer, { body: 'Totals look right.', parentId: c.id });
    expect(reply.statusCode).toBe(201);
    expect(reply.json<CommentView>().parentId).toBe(c.id);
    expect((await inbox(owner)).items[0]).toMatchObject({ kind: 'comment_reply' });

    // Editing keeps the mention but does not notify again.
    const edit = await t.app.inject({ method: 'PATCH', url: `/api/comments/${c.id}`, headers: owner.bearer, payload: { body: 'Can you check the totals, please?', mentions: [viewer.userId] } });
    expect(edit.statusCode).toBe(200);
    expect(edit.json<CommentView>().editedAt).not.toBeNull();
    expect((await inbox(viewer)).items.filter((n) => n.kind === 'mention')).toHaveLength(1);

    // Mark read, then all read.
    const read = await t.app.inject({ method: 'POST', url: `/api/notifications/${box.items[0]!.id}/read`, headers: viewer.bearer });
    expect(read.json<{ readAt: string | null }>().readAt).not.toBeNull();
    expect((await t.app.inject({ url: '/api/notifications/unread-count', headers: viewer.bearer })).json()).toEqual({ unread: 0 });
  });

  it('mentions by @email too, and ignores people outside the workspace', async () => {
    const res = await post(owner, { body: `@${viewer.email} and @${outsider.email} please look`, mentions: [outsider.userId] });
    expect(res.statusCode).toBe(201);
    expect(res.json<CommentView>().mentions.map((m) => m.id)).toEqual([viewer.userId]);
    expect((await inbox(outsider)).items).toEqual([]);
  });

  it('comments on a step of the latest version, and lists them per step', async () => {
    expect((await post(owner, { body: 'Log more?', stepId: 'nope' })).statusCode).toBe(400);
    const ok = await post(owner, { body: 'Log more?', stepId: 'say_hi' });
    expect(ok.statusCode).toBe(201);
    const list = await t.app.inject({ url: `/api/workflows/${workflowId}/comments?stepId=say_hi`, headers: viewer.bearer });
    expect(list.json<{ items: CommentView[] }>().items.map((c) => c.body)).toEqual(['Log more?']);
  });

  it('lets the author edit or delete, not a viewer; a deleted comment keeps its place without its text', async () => {
    const c = (await post(owner, { body: 'temporary' })).json<CommentView>();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/comments/${c.id}`, headers: viewer.bearer, payload: { body: 'hijack' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/comments/${c.id}`, headers: viewer.bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/comments/${c.id}`, headers: owner.bearer })).statusCode).toBe(204);
    const items = (await t.app.inject({ url: `/api/workflows/${workflowId}/comments`, headers: owner.bearer })).json<{ items: CommentView[] }>().items;
    expect(items.find((x) => x.id === c.id)).toMatchObject({ deleted: true, body: '' });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action']).where('target_id', '=', c.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['comment.created', 'comment.deleted']);
  });

  it('keeps other workspaces out: 404 on read and write, nothing in their mention list', async () => {
    expect((await t.app.inject({ url: `/api/workflows/${workflowId}/comments`, headers: outsider.bearer })).statusCode).toBe(404);
    expect((await post(outsider, { body: 'hello' })).statusCode).toBe(404);
    const anyComment = (await t.app.inject({ url: `/api/workflows/${workflowId}/comments`, headers: owner.bearer })).json<{ items: CommentView[] }>().items[0]!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/comments/${anyComment.id}`, headers: outsider.bearer })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/comments/${anyComment.id}`, headers: outsider.bearer, payload: { body: 'from elsewhere' } })).statusCode).toBe(404);
    // A reply cannot hang under another workspace's comment.
    const elsewhere = (await t.app.inject({ method: 'POST', url: '/api/workflows', headers: outsider.bearer, payload: { name: 'Theirs', definition } })).json<{ id: string }>().id;
    const reply = await t.app.inject({ method: 'POST', url: `/api/workflows/${elsewhere}/comments`, headers: outsider.bearer, payload: { body: 'reply', parentId: anyComment.id } });
    expect(reply.statusCode).toBe(400);
    const mentionable = await t.app.inject({ url: `/api/workflows/${workflowId}/comments/mentionable?q=viewer`, headers: owner.bearer });
    expect(mentionable.json<{ items: { id: string }[] }>().items.map((m) => m.id)).toEqual([viewer.userId]);
    const everyone = await t.app.inject({ url: `/api/workflows/${workflowId}/comments/mentionable`, headers: owner.bearer });
    expect(everyone.json<{ items: { id: string }[] }>().items.map((m) => m.id).sort()).toEqual([owner.userId, viewer.userId].sort());
  });

  it("asks the access policy about a colleague's comment: an admin may moderate it, a member may not touch it", async () => {
    const admin = await addMember(t.app, owner, 'admin');
    const member = await addMember(t.app, owner, 'member');
    const byMember = (await post(member, { body: 'member wrote this' })).json<CommentView>();
    const byAdmin = (await post(admin, { body: 'admin wrote this' })).json<CommentView>();
    const list = async () => (await t.app.inject({ url: `/api/workflows/${workflowId}/comments`, headers: owner.bearer })).json<{ items: CommentView[] }>().items;

    const edit = await t.app.inject({ method: 'PATCH', url: `/api/comments/${byAdmin.id}`, headers: member.bearer, payload: { body: 'hijack' } });
    expect(edit.statusCode).toBe(403);
    expect(edit.json()).toMatchObject({ code: 'access.comment_not_yours' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/comments/${byAdmin.id}`, headers: member.bearer })).statusCode).toBe(403);
    expect((await list()).find((x) => x.id === byAdmin.id)).toMatchObject({ body: 'admin wrote this', deleted: false });

    // An admin moderates (deletes) a colleague's comment but does not put words in their mouth.
    expect((await t.app.inject({ method: 'PATCH', url: `/api/comments/${byMember.id}`, headers: admin.bearer, payload: { body: 'rewritten' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/comments/${byMember.id}`, headers: admin.bearer })).statusCode).toBe(204);
    expect((await list()).find((x) => x.id === byMember.id)).toMatchObject({ deleted: true, body: '' });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', byMember.id).orderBy('seq').execute();
    expect(audit).toEqual([{ action: 'comment.created', actor_id: member.userId }, { action: 'comment.deleted', actor_id: admin.userId }]);
  });
});
