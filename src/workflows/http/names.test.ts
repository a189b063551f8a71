import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { workflowRuntime } from '../runtime.js';

const all = ['workflows:read', 'workflows:write', 'workflows:run'];
type App = Awaited<ReturnType<typeof createTestApp>>;

/** What people read in lists and errors: workflow names on runs, author names, issues in words. */
describe.each(dialects)('workflow and run lists for people (%s)', (dialect) => {
  let t: App;
  afterEach(async () => {
    await t?.cleanup();
  });
  const as = (userId = 'u-ada', workspaceId = 'ws-a', permissions = all) => asPrincipal({ userId, workspaceId, permissions });
  const start = async () => {
    t = await createTestApp(dialect, { ATOM_JOBS_POLL_INTERVAL_MS: '20' }, { authenticator: testAuthenticator });
    workflowRuntime(t.ctx).startWorkers();
    const at = new Date().toISOString();
    for (const [id, name, ws] of [['u-ada', 'Ada Lovelace', 'ws-a'], ['u-eve', 'Eve Other', 'ws-b']] as const) {
      await t.ctx.db.insertInto('auth_users').values({ id, email: `${id}-${dialect}-${Date.now()}@example.test`, name, password_hash: null, last_workspace_id: null, created_at: at, updated_at: at }).execute();
      await t.ctx.db.insertInto('auth_workspaces').values({ id: ws, name: ws, created_by: id, created_at: at }).execute();
      await t.ctx.db.insertInto('auth_memberships').values({ workspace_id: ws, user_id: id, role: 'owner', created_at: at }).execute();
    }
  };
  const create = async (name: string, definition: unknown, who = as()) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: who, payload: { name, definition } });
    expect(r.statusCode).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const manual = { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '1' }] };

  it('names the workflow of each run in the list and on the run, only for workflows the caller may read', async () => {
    await start();
    const id = await create('Invoice digest', manual);
    const gone = await create('Removed soon', manual);
    const theirs = await create('Other workspace', manual, as('u-eve', 'ws-b'));
    const run = async (wf: string, who = as(), dryRun = false) => {
      const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${wf}/run`, headers: who, payload: { version: 'latest', dryRun } });
      expect(r.statusCode).toBe(202);
      return r.json<{ id: string }>().id;
    };
    const live = await run(id);
    const dry = await run(id, as(), true);
    const orphan = await run(gone);
    await run(theirs, as('u-eve', 'ws-b'));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/workflows/${gone}`, headers: as() })).statusCode).toBe(204);

    // A viewer (read only) sees the list with names, but may not start a run.
    const viewer = as('u-ada', 'ws-a', ['workflows:read']);
    const list = await t.app.inject({ method: 'GET', url: '/api/runs', headers: viewer });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { id: string; workflowId: string; workflowName: string | null; mode: string }[] }>().items;
    expect(items.map((r) => r.id).sort()).toEqual([live, dry, orphan].sort());
    expect(items.find((r) => r.id === live)).toMatchObject({ workflowId: id, workflowName: 'Invoice digest', mode: 'live' });
    expect(items.find((r) => r.id === dry)).toMatchObject({ workflowName: 'Invoice digest', mode: 'dry' });
    expect(items.find((r) => r.id === orphan)?.workflowName).toBeNull();
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: viewer, payload: {} })).statusCode).toBe(403);

    const one = await t.app.inject({ method: 'GET', url: `/api/runs/${live}`, headers: viewer });
    expect(one.json()).toMatchObject({ workflowId: id, workflowName: 'Invoice digest' });
    // Another workspace's run stays hidden, and so does its workflow's name.
    expect((await t.app.inject({ method: 'GET', url: `/api/runs/${live}`, headers: as('u-eve', 'ws-b') })).statusCode).toBe(404);
    const otherList = (await t.app.inject({ method: 'GET', url: '/api/runs', headers: as('u-eve', 'ws-b') })).json<{ items: { workflowName: string | null }[] }>().items;
    expect(otherList.map((r) => r.workflowName)).toEqual(['Other workspace']);
    // Filtered to one workflow: the workflow page's list of its runs.
    const ofOne = (await t.app.inject({ method: 'GET', url: `/api/runs?workflowId=${id}`, headers: viewer })).json<{ items: { id: string }[] }>().items;
    expect(ofOne.map((r) => r.id).sort()).toEqual([live, dry].sort());
  });

  it('lists workflows newest first and names version authors who are members', async () => {
    await start();
    const first = await create('First', manual);
    const second = await create('Second', manual);
    const third = await create('Third', manual);
    const page = (q: string) => t.app.inject({ method: 'GET', url: `/api/workflows${q}`, headers: as() }).then((r) => r.json<{ items: { id: string }[]; nextCursor: string | null }>());
    const newest = await page('?limit=2');
    expect(newest.items.map((w) => w.id)).toEqual([third, second]);
    expect((await page(`?limit=2&cursor=${newest.nextCursor}`)).items.map((w) => w.id)).toEqual([first]);
    expect((await page('?order=oldest')).items.map((w) => w.id)).toEqual([first, second, third]);

    // A version saved by someone who is not a member of this workspace is shown without a name.
    expect((await t.app.inject({ method: 'PUT', url: `/api/workflows/${first}`, headers: as('u-eve'), payload: { message: 'by eve', definition: manual } })).statusCode).toBe(200);
    const versions = (await t.app.inject({ method: 'GET', url: `/api/workflows/${first}/versions`, headers: as() })).json<{ items: { version: number; author: string; authorName: string | null }[] }>().items;
    expect(versions).toEqual([expect.objectContaining({ version: 2, author: 'u-eve', authorName: null }), expect.objectContaining({ version: 1, author: 'u-ada', authorName: 'Ada Lovelace' })]);
    expect((await t.app.inject({ method: 'GET', url: `/api/workflows/${first}`, headers: as() })).json()).toMatchObject({ createdBy: 'u-ada', createdByName: 'Ada Lovelace' });
  });

  it('words every problem by step and field with what to do, in the draft check and in the refusal to activate', async () => {
    await start();
    const definition = {
      trigger: { type: 'manual' },
      steps: [
        { id: 'alert', name: 'Alert the team', type: 'action', action: 'core.log', input: { level: 'loud', message: 'hi' } },
        { id: 'sum', type: 'transform', expression: 'steps.later' },
        { id: 'call', type: 'http', input: { method: 'GET', url: 'https://example.com', bearerSecret: 'NOPE' } },
      ],
    };
    const id = await create('Broken', definition);
    const checked = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/validate-draft`, headers: as(), payload: { definition } })).json<{ valid: boolean; issues: { stepId?: string; where: string; message: string; hint: string }[] }>();
    expect(checked.valid).toBe(false);
    const byStep = new Map(checked.issues.map((i) => [i.stepId, i]));
    expect(byStep.get('alert')?.where).toBe('Step “Alert the team” (alert), field “Level”');
    expect(byStep.get('sum')).toMatchObject({ where: 'Step “sum”, field “Expression”', hint: expect.stringMatching(/move this step below/) });
    expect(byStep.get('call')).toMatchObject({ where: 'Step “call”, field “Bearer secret”', hint: expect.stringMatching(/Add the secret/) });
    for (const i of checked.issues) expect(i.where).not.toMatch(/steps\./);

    const refused = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    expect(refused.statusCode).toBe(422);
    const problem = refused.json<{ detail: string; issues: { stepId: string; where: string; hint: string }[] }>();
    expect(problem.issues.map((i) => i.stepId).sort()).toEqual(['alert', 'call', 'sum']);
    expect(problem.detail).toMatch(/^The workflow has 3 problems: /);
    expect(problem.detail).toContain('Step “Alert the team” (alert), field “Level”');
    expect(problem.detail).not.toMatch(/steps\.alert/);
  });
});
