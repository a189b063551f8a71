import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { connectionRepository } from '../integrations/connections/connection-repository.js';
import { newId, nowIso } from '../platform/index.js';
import { fixFor } from './rules/failing-workflows.js';
import { serviceOf, templateServices } from './rules/services.js';
import type { Onboarding } from './onboarding.js';
import type { Recommendation } from './schemas.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('recommendation rules (pure)', () => {
  it('maps piece ids to services and knows what each template needs', () => {
    expect(serviceOf('slack.post_message')).toBe('slack');
    expect(serviceOf('drive.new_file')).toBe('google-drive');
    expect(serviceOf('google_calendar.list_events')).toBe('google-calendar');
    expect(serviceOf('core.log')).toBeUndefined();
    expect(templateServices().find((t) => t.id === 'github-issue-to-notion')?.services).toEqual(new Set(['github', 'notion']));
  });
  it('gives a fix for the common error codes', () => {
    expect(fixFor('integrations.connection_required')).toContain('connection');
    expect(fixFor('integrations.http.unauthorized')).toContain('Reconnect');
    expect(fixFor('workflows.run.timeout')).toContain('timeout');
    expect(fixFor('something.else')).toContain('last failed run');
  });
});

describe.each(dialects)('recommendations (%s)', (dialect) => {
  let t: TestApp;
  let a: TestActor;
  let aViewer: TestActor;
  let b: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_LOG_LEVEL: 'warn', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000' });
    a = await signUpOwner(t.app, { name: 'Ada' });
    aViewer = await addMember(t.app, a, 'viewer');
    b = await signUpOwner(t.app, { name: 'Bea' });
  });
  afterAll(() => t.cleanup());

  const list = async (who: TestActor) => {
    const r = await t.app.inject({ url: '/api/recommendations', headers: who.bearer });
    expect(r.statusCode).toBe(200);
    return r.json<{ items: Recommendation[] }>().items;
  };
  const connect = (who: TestActor, serviceId: string, label: string) =>
    connectionRepository(t.ctx.db).create({ workspaceId: who.workspaceId, userId: null, serviceId, label, authKind: 'oauth2', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: who.userId });

  it('suggests templates once a service is connected, says why, and stops once a workflow uses it', async () => {
    expect((await list(a)).filter((r) => r.kind === 'template')).toEqual([]);
    await connect(a, 'slack', 'Acme Slack');
    const afterSlack = (await list(a)).filter((r) => r.kind === 'template');
    expect(afterSlack.length).toBeGreaterThan(0);
    expect(afterSlack[0]!.reason).toBe('Because you connected Slack and have no workflow posting to it yet.');
    expect(afterSlack[0]!.action.href).toMatch(/^\/workflows#template-/);
    // Viewers cannot build workflows, so they get no template suggestions.
    expect((await list(aViewer)).filter((r) => r.kind === 'template')).toEqual([]);

    // Connecting GitHub and Notion brings the GitHub → Notion template.
    await connect(a, 'github', 'Acme GitHub');
    expect((await list(a)).map((r) => r.key)).not.toContain('template:github-issue-to-notion');
    await connect(a, 'notion', 'Acme Notion');
    expect((await list(a)).map((r) => r.key)).toContain('template:github-issue-to-notion');

    // Once a workflow posts to Slack, Slack templates are no longer suggested.
    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'post', type: 'action', action: 'slack.post_message', input: { channel: '#general', text: 'hi' } }] };
    expect((await t.app.inject({ method: 'POST', url: '/api/workflows', headers: a.bearer, payload: { name: 'Post', definition } })).statusCode).toBe(201);
    expect((await list(a)).filter((r) => r.reason.includes('connected Slack'))).toEqual([]);
  });

  it('suggests fixing a workflow that failed repeatedly, with the fix for its last error code', async () => {
    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'x' } }] };
    const wf = (await t.app.inject({ method: 'POST', url: '/api/workflows', headers: a.bearer, payload: { name: 'Flaky sync', definition } })).json<{ id: string }>().id;
    const base = { workspace_id: a.workspaceId, workflow_id: wf, version: 1, mode: 'live', trigger_type: 'manual', trigger_data: '{}', attempt_group: 0, lease_owner: null, lease_until: 0, output: null, parent_run_id: null, parent_step_key: null, started_at: null, finished_at: null };
    for (let i = 0; i < 3; i++) {
      const at = new Date(Date.now() - (3 - i) * 60_000).toISOString();
      await t.ctx.db.insertInto('workflow_runs').values({ ...base, id: newId(), status: 'failed', error: JSON.stringify({ code: 'workflows.run.timeout', message: 'too slow' }), created_at: at, updated_at: at }).execute();
    }
    const item = (await list(a)).find((r) => r.key === `failing:${wf}`);
    expect(item).toMatchObject({ kind: 'failing_workflow', title: 'Fix “Flaky sync”' });
    expect(item!.reason).toContain('failed 3 times in the last 7 days (last error: workflows.run.timeout)');
    expect(item!.reason).toContain('timeout');
    // The viewer may read workflows, so they see it too; B never does.
    expect((await list(aViewer)).map((r) => r.key)).toContain(`failing:${wf}`);
    expect((await list(b)).map((r) => r.key)).not.toContain(`failing:${wf}`);
  });

  it('suggests documents matching recent searches, only those the caller may read', async () => {
    const doc = (title: string, principals: string[]) => ({ id: newId(), workspace_id: a.workspaceId, connection_id: 'c1', source: 'upload', external_id: newId(), title, mime: 'application/pdf', principals: JSON.stringify(principals), status: 'indexed', created_at: nowIso(), updated_at: nowIso() });
    const open = doc('Quarterly invoice summary', ['*']);
    const secret = doc('Invoice salaries (private)', ['user:someone-else']);
    await t.ctx.db.insertInto('memory_documents').values([open, secret]).execute();
    await t.ctx.db.insertInto('memory_queries').values({ id: newId(), workspace_id: a.workspaceId, query: 'invoice totals', results: 2, latency_ms: 5, created_at: nowIso() }).execute();
    const docs = (await list(a)).filter((r) => r.kind === 'document');
    expect(docs.map((r) => r.key)).toEqual([`document:${open.id}`]);
    expect(docs[0]!.reason).toBe('Related to “invoice”, which was searched for in this workspace recently.');
    expect((await list(b)).filter((r) => r.kind === 'document')).toEqual([]);
  });

  it('suggests reconnecting broken connections; a dismissed suggestion does not come back', async () => {
    const conn = await connect(a, 'gmail', 'Support inbox');
    await connectionRepository(t.ctx.db).setStatus(a.workspaceId, conn.id, 'expired');
    const key = `connection:${conn.id}:expired`;
    expect((await list(a))[0]).toMatchObject({ key, kind: 'connection', action: { href: `/integrations/connections/${conn.id}` } });
    const dismiss = await t.app.inject({ method: 'POST', url: `/api/recommendations/${encodeURIComponent(key)}/dismiss`, headers: a.bearer });
    expect(dismiss.json()).toEqual({ key, dismissed: true });
    expect((await list(a)).map((r) => r.key)).not.toContain(key);
    expect((await list(a)).map((r) => r.key)).not.toContain(key);
    // Dismissals are per user: the viewer still sees it.
    expect((await list(aViewer)).map((r) => r.key)).toContain(key);
    expect((await t.app.inject({ method: 'POST', url: '/api/recommendations/not-a-key/dismiss', headers: a.bearer })).statusCode).toBe(400);
  });

  it('gives a new user the first-run set and a checklist ticked from real state, per user and per workspace', async () => {
    const c = await signUpOwner(t.app, { name: 'Cy' });
    const cViewer = await addMember(t.app, c, 'viewer');
    const checklist = async (who: TestActor) => {
      const r = await t.app.inject({ url: '/api/recommendations/onboarding', headers: who.bearer });
      expect(r.statusCode).toBe(200);
      return r.json<Onboarding>();
    };
    const started = async (who: TestActor) => (await list(who)).filter((r) => r.kind === 'getting_started').map((r) => r.key);
    expect(await started(c)).toEqual(['start:connect_service', 'start:create_workflow', 'start:add_documents', 'start:model_key']);
    const fresh = await checklist(c);
    expect(fresh).toMatchObject({ dismissed: false, complete: false });
    expect(fresh.steps.map((s) => [s.id, s.done, s.optional])).toEqual([
      ['connect_service', false, false],
      ['create_workflow', false, false],
      ['add_documents', false, false],
      ['first_run', false, false],
      ['model_key', false, true],
    ]);
    // A viewer can do none of these, so is asked to do none of them.
    expect((await checklist(cViewer)).steps).toEqual([]);
    expect(await started(cViewer)).toEqual([]);

    // Another workspace's workflow ticks nothing here; this workspace's does, and its run ticks "run".
    const definition = { trigger: { type: 'manual' }, steps: [{ id: 'log', type: 'action', action: 'core.log', input: { message: 'x' } }] };
    expect((await t.app.inject({ method: 'POST', url: '/api/workflows', headers: b.bearer, payload: { name: 'B only', definition } })).statusCode).toBe(201);
    expect((await checklist(c)).steps.find((s) => s.id === 'create_workflow')?.done).toBe(false);
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: c.bearer, payload: { name: 'First', definition } });
    expect(wf.statusCode).toBe(201);
    expect((await checklist(c)).steps.find((s) => s.id === 'create_workflow')?.done).toBe(true);
    expect(await started(c)).not.toContain('start:create_workflow');
    const run = await t.app.inject({ method: 'POST', url: `/api/workflows/${wf.json<{ id: string }>().id}/run`, headers: c.bearer, payload: {} });
    expect(run.statusCode).toBeLessThan(300);
    expect((await checklist(c)).steps.find((s) => s.id === 'first_run')?.done).toBe(true);
    await connect(c, 'slack', 'Cy Slack');
    expect((await checklist(c)).steps.find((s) => s.id === 'connect_service')?.done).toBe(true);

    // Hiding the checklist is remembered for that person only.
    const hide = await t.app.inject({ method: 'POST', url: '/api/recommendations/onboarding:checklist/dismiss', headers: c.bearer });
    expect(hide.statusCode).toBe(200);
    expect((await checklist(c)).dismissed).toBe(true);
    const member = await addMember(t.app, c, 'member');
    expect((await checklist(member)).dismissed).toBe(false);
  });

  it('never shows workspace A items to a user of workspace B', async () => {
    const mine = await list(b);
    const aIds = (await t.ctx.db.selectFrom('integration_connections').select('id').where('workspace_id', '=', a.workspaceId).execute()).map((c) => c.id);
    expect(mine.filter((r) => aIds.some((id) => r.key.includes(id)) || r.kind === 'failing_workflow' || r.kind === 'document')).toEqual([]);
    expect(mine.filter((r) => r.kind === 'template')).toEqual([]);
  });
});
