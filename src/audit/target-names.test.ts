import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { connectionRepository } from '../integrations/connections/connection-repository.js';
import { exampleParams, workflowDesk, workflowTemplates } from '../workflows/index.js';
import { recordAudit } from './index.js';
import type { AuditEntryView } from './view.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Entry = AuditEntryView & { target: (AuditEntryView['target'] & { name?: string | null }) | null };

/** Drafts are audited, and the audit list names its targets (within the entry's workspace only). */
describe.each(dialects)('audit: drafts and target names (%s)', (dialect) => {
  let t: TestApp;
  let a: TestActor;
  let b: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'warn', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000' });
    a = await signUpOwner(t.app, { name: 'Ada Auditor' });
    b = await signUpOwner(t.app, { name: 'Bo Other' });
  });
  afterAll(() => t.cleanup());

  const entries = async (who: TestActor, q = '') => {
    const r = await t.app.inject({ url: `/api/audit?limit=200${q}`, headers: who.bearer });
    expect(r.statusCode).toBe(200);
    return r.json<{ items: Entry[] }>().items;
  };

  it('audits a planner draft, a chat draft and a template use, with the source', async () => {
    const drafted = await t.app.inject({ method: 'POST', url: '/api/workflows/from-text', headers: a.bearer, payload: { text: 'every Monday at 9am post "standup" to Slack #team', planner: 'offline', save: true } });
    expect(drafted.statusCode).toBe(200);
    const fromText = drafted.json<{ workflowId?: string; name: string }>();
    expect(fromText.workflowId).toBeDefined();
    const chat = await workflowDesk(t.ctx).saveDraft({ workspaceId: a.workspaceId, userId: a.userId, name: 'From chat', definition: { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '1' }] }, source: 'chat' });
    const template = workflowTemplates.find((x) => x.id === 'expense-approval')!;
    const used = await t.app.inject({ method: 'POST', url: `/api/templates/${template.id}/instantiate`, headers: a.bearer, payload: { params: exampleParams(template) } });
    expect(used.statusCode).toBe(201);

    const drafts = await entries(a, '&action=workflow.drafted');
    expect(drafts.map((e) => [e.target?.id, e.details['source'], e.actor.id])).toEqual(
      expect.arrayContaining([
        [fromText.workflowId, 'from_text', a.userId],
        [chat.id, 'chat', a.userId],
      ]),
    );
    expect(drafts.find((e) => e.target?.id === chat.id)?.target?.name).toBe('From chat');
    const created = (await entries(a, '&action=workflow.created')).find((e) => e.target?.id === used.json<{ id: string }>().id);
    expect(created?.details).toMatchObject({ template: 'expense-approval' });
    expect(created?.target?.name).toBe(used.json<{ name: string }>().name);
    // Another workspace sees none of it.
    expect((await entries(b, '&action=workflow.drafted')).filter((e) => e.target?.id === chat.id)).toEqual([]);
  });

  it('names workflows, runs, connections and members; keeps the id; never names another workspace’s thing', async () => {
    const member = await addMember(t.app, a, 'member', { email: 'mo@example.test' });
    const conn = await connectionRepository(t.ctx.db).create({ workspaceId: a.workspaceId, userId: null, serviceId: 'slack', label: 'Acme Slack', authKind: 'oauth2', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: a.userId });
    const foreign = await workflowDesk(t.ctx).saveDraft({ workspaceId: b.workspaceId, userId: b.userId, name: 'Bo secret plan', definition: { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '1' }] } });
    const run = await workflowDesk(t.ctx).run({ workspaceId: a.workspaceId, userId: a.userId, workflowId: (await workflowDesk(t.ctx).list(a.workspaceId))[0]!.id });
    const put = (type: string, id: string) => recordAudit(t.ctx.db, { workspaceId: a.workspaceId, actorId: a.userId, actorType: 'user', action: 'test.named', outcome: 'success', target: { type, id } });
    await put('connection', conn.id);
    await put('user', member.userId);
    await put('user', b.userId); // a user of another workspace: not named here
    await put('workflow', foreign.id); // another workspace's workflow id: not named here
    await put('workflow_run', run.runId);
    await put('document', 'doc_1'); // no name lookup for this type: shown by type and id

    const byTarget = new Map((await entries(a, '&action=test.named')).map((e) => [e.target!.id, e.target!]));
    expect(byTarget.get(conn.id)).toEqual({ type: 'connection', id: conn.id, name: 'Acme Slack' });
    expect(byTarget.get(member.userId)?.name).toBeTruthy();
    expect(byTarget.get(b.userId)?.name).toBeNull();
    expect(byTarget.get(foreign.id)?.name).toBeNull();
    expect(byTarget.get(run.runId)?.name).toMatch(/^Run of /);
    expect(byTarget.get('doc_1')).toEqual({ type: 'document', id: 'doc_1' });
  });
});
