import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startHttpLab, type HttpLab } from '../../../../test/fakes/http-lab/server.js';
import { createTestContext, type TestContext } from '../../../../test/support/context.js';
import { workflowDefinitionSchema, type WorkflowDefinitionInput } from '../../definition/schema.js';
import { workflowRuntime } from '../../runtime.js';
import type { ActionContext } from '../types.js';
import { builtinActions, httpRequestAction } from './index.js';
import { createActionRegistry } from '../registry.js';

const WS = 'ws-http';

/** One HTTP action (core.http_request); the integrations' former `http.request` is its alias. */
describe('core.http_request', () => {
  let lab: HttpLab;
  let t: TestContext | undefined;
  beforeAll(async () => {
    lab = await startHttpLab();
  });
  afterAll(async () => {
    await lab.close();
  });
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  const actx = (fetchAllowed: boolean): ActionContext => ({
    workspaceId: WS,
    runId: 'r1',
    stepId: 's1',
    idempotencyKey: 'r1:s1:0:0',
    attempt: 1,
    signal: new AbortController().signal,
    logger: { debug: () => undefined } as unknown as ActionContext['logger'],
    dryRun: false,
    secret: async () => undefined,
    log: () => undefined,
    // The engine's fetch with the lab allow-listed, or none (the guard with nothing allowed).
    ...(fetchAllowed ? { fetch: (url: string, init: RequestInit) => fetch(url, init) } : {}),
  });
  const run = (input: Record<string, unknown>, fetchAllowed = true) => httpRequestAction.run(actx(fetchAllowed), httpRequestAction.input.parse(input));

  it('is one action in the registry, found by its former id too', () => {
    const registry = createActionRegistry(builtinActions);
    expect(registry.get('http.request')).toBe(registry.get('core.http_request'));
    expect(registry.list().filter((a) => a.id === 'core.http_request' || a.id === 'http.request').map((a) => a.id)).toEqual(['core.http_request']);
  });

  it("takes the former action's inputs: json and text bodies, failOnError", async () => {
    lab.handle((req, res, body) => sendJson(res, 201, { got: body, type: req.headers['content-type'], q: req.url }, { 'x-id': '7' }));
    expect(await run({ method: 'POST', url: `${lab.url}/items`, query: { a: '1' }, json: { name: 'x' } })).toMatchObject({
      status: 201,
      headers: expect.objectContaining({ 'x-id': '7' }),
      body: { got: '{"name":"x"}', type: 'application/json', q: '/items?a=1' },
    });
    expect(await run({ method: 'PUT', url: `${lab.url}/t`, text: 'hello' })).toMatchObject({ body: { got: 'hello', type: 'text/plain' } });
    lab.handle((_q, res) => sendJson(res, 404, { error: 'nope' }));
    await expect(run({ url: `${lab.url}/missing` })).rejects.toMatchObject({ code: 'workflows.http.status_404', retryable: false });
    expect(await run({ url: `${lab.url}/missing`, failOnError: false })).toMatchObject({ status: 404, body: { error: 'nope' } });
  });

  it('refuses internal addresses outside an allow-list', async () => {
    await expect(run({ url: `${lab.url}/x` }, false)).rejects.toMatchObject({ code: 'workflows.http.blocked_address' });
    await expect(run({ url: 'http://169.254.169.254/latest/meta-data/' }, false)).rejects.toMatchObject({ code: 'workflows.http.blocked_address' });
  });

  it('runs a stored workflow whose step names the former http.request action', async () => {
    let hits = 0;
    lab.handle((_q, res, body) => (hits++, sendJson(res, 200, { echoed: JSON.parse(body) as unknown })));
    t = await createTestContext('sqlite', { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_SSRF_ALLOW: '127.0.0.1' });
    const runtime = workflowRuntime(t.ctx, { actions: createActionRegistry(builtinActions) });
    runtime.startWorkers();
    const { engine } = runtime;
    const definition: WorkflowDefinitionInput = {
      trigger: { type: 'manual' },
      steps: [{ id: 'call', type: 'action', action: 'http.request', input: { method: 'POST', url: `${lab.url}/hook`, json: { n: 1 } }, retry: { maxAttempts: 1 } }],
    };
    const wf = await engine.workflows.create({ workspaceId: WS, name: 'old http step', definition: workflowDefinitionSchema.parse(definition), author: 'user-test' });
    await engine.workflows.update(WS, wf.id, { published_version: 1, active: 1 });
    const started = await engine.startRun({ workspaceId: WS, workflowId: wf.id, version: 1, triggerType: 'manual', triggerData: {} });
    const done = await engine.waitForRun(started.id, 60_000);
    expect(done?.status).toBe('succeeded');
    expect(hits).toBe(1);
    const journal = JSON.stringify([...(await engine.journal.load(started.id)).values()]);
    expect(journal).toContain('"echoed":{"n":1}');
  });
});
