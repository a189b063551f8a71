import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, dialects } from '../../test/support/context.js';
import { workflowRuntime } from '../workflows/runtime.js';
import { multipartBody } from './test-support.js';
import { plainSnippet } from './workflow-action.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
interface Hit { documentId: string; title: string; source: string; snippet: string; score: number; locations: unknown[] }
interface RunDetail { status: string; error: unknown; steps: { stepId: string; status: string; output: unknown }[] }

describe.each(dialects)('memory_search workflow steps on %s', (dialect) => {
  let t: TestApp;
  let alice: TestActor;
  let bob: TestActor;
  const upload = async (who: TestActor, filename: string, content: string, fields: Record<string, string> = {}) => {
    const body = multipartBody([{ filename, content }], fields);
    const res = await t.app.inject({ method: 'POST', url: '/api/memory/documents?wait=true', payload: body.payload, headers: { ...who.bearer, ...body.headers } });
    expect(res.statusCode, res.body).toBe(201);
  };
  /** Creates and activates (validates + publishes) a workflow as `who`, runs it and returns the finished run. */
  const publishAndRun = async (who: TestActor, definition: unknown, input: unknown): Promise<RunDetail & { workflowId: string }> => {
    const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: who.bearer, payload: { name: 'search', definition } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    const activated = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: who.bearer, payload: {} });
    expect(activated.statusCode, activated.body).toBe(200);
    return { ...(await run(who, id, input)), workflowId: id };
  };
  const run = async (who: TestActor, workflowId: string, input: unknown): Promise<RunDetail> => {
    const started = await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/run`, headers: who.bearer, payload: { input, waitMs: 20_000 } });
    expect(started.statusCode, started.body).toBe(200);
    const detail = await t.app.inject({ method: 'GET', url: `/api/runs/${started.json<{ id: string }>().id}`, headers: who.bearer });
    return detail.json<RunDetail>();
  };
  let bobsWorkflow = '';
  const searchThenSet = {
    trigger: { type: 'manual' },
    steps: [
      { id: 'found', type: 'memory_search', query: '{{ trigger.topic }}', limit: 10 },
      { id: 'keep', type: 'set', values: { first: '{{ steps.found.hits[0].title }}', count: '{{ steps.found.count }}' } },
    ],
  };
  const outputOf = (run: RunDetail, stepId: string) => run.steps.find((s) => s.stepId === stepId)?.output;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_JOBS_POLL_INTERVAL_MS: '20' });
    workflowRuntime(t.ctx).startWorkers();
    alice = await signUpOwner(t.app, { name: 'Alice' });
    bob = await addMember(t.app, alice, 'member');
    await upload(alice, 'plan.md', '# Glider plan\n\nThe glider flutter test is planned for March & April <draft>.');
    await upload(bob, 'diary.md', '# Bob diary\n\nMy private glider flutter notes.', { visibility: 'private' });
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('runs a memory_search step with its author\'s access: the shared document, never another user\'s private one', async () => {
    const done = await publishAndRun(alice, searchThenSet, { topic: 'glider flutter' });
    expect({ status: done.status, error: done.error }).toEqual({ status: 'succeeded', error: null });
    const found = outputOf(done, 'found') as { hits: Hit[]; count: number };
    expect(found.hits.map((h) => h.title)).toEqual(['Glider plan']);
    expect(found.count).toBe(1);
    expect(found.hits[0]).toMatchObject({ source: 'upload', locations: [expect.objectContaining({ source: 'upload' })] });
    // Plain text for later steps: no <mark>, no HTML escapes.
    expect(found.hits[0]!.snippet).toContain('glider flutter test is planned for March & April <draft>.');
    expect(outputOf(done, 'keep')).toEqual({ first: 'Glider plan', count: 1 });
  });

  it('finds the private document for a workflow its owner wrote', async () => {
    const done = await publishAndRun(bob, searchThenSet, { topic: 'glider flutter' });
    bobsWorkflow = done.workflowId;
    expect(done.status).toBe('succeeded');
    const titles = (outputOf(done, 'found') as { hits: Hit[] }).hits.map((h) => h.title).sort();
    expect(titles).toEqual(['Bob diary', 'Glider plan']);
  });

  it('searches only workspace-wide passages once the author is no longer a member', async () => {
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${bob.userId}`, headers: alice.bearer })).statusCode).toBe(200);
    const done = await run(alice, bobsWorkflow, { topic: 'glider flutter' });
    expect(done.status).toBe('succeeded');
    expect((outputOf(done, 'found') as { hits: Hit[] }).hits.map((h) => h.title)).toEqual(['Glider plan']);
  });

  it('lets the memory templates validate: memory.search is installed', async () => {
    const templates = (await t.app.inject({ method: 'GET', url: '/api/templates', headers: alice.bearer })).json<{ items: { id: string; missingActions: string[] }[] }>().items;
    const weekly = templates.find((x) => x.id === 'weekly-report-from-memory')!;
    expect(weekly.missingActions).not.toContain('memory.search');
    for (const id of ['weekly-report-from-memory', 'finance-folder-daily-digest']) {
      const inst = await t.app.inject({ method: 'POST', url: `/api/templates/${id}/instantiate`, headers: alice.bearer, payload: { params: { channel: '#reports', cfoEmail: 'cfo@acme.test' } } });
      expect(inst.statusCode, inst.body).toBe(201);
      const v = await t.app.inject({ method: 'POST', url: `/api/workflows/${inst.json<{ id: string }>().id}/validate`, headers: alice.bearer, payload: {} });
      const issues = v.json<{ issues: { code: string; stepId?: string; message: string }[] }>().issues;
      // Slack/Gmail steps still want a connection here; the memory search steps no longer raise anything.
      expect(issues.filter((i) => i.code === 'workflows.validation.unknown_action')).toEqual([]);
      expect(issues.filter((i) => i.stepId === 'found' || i.stepId === 'files')).toEqual([]);
    }
  });
});

describe('plainSnippet', () => {
  it('drops the highlight markup and the HTML escapes', () => {
    expect(plainSnippet('a <mark>wing</mark> &lt;b&gt; &amp;lt; &quot;x&quot;')).toBe('a wing <b> &lt; "x"');
  });
});
