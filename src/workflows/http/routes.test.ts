import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSideEffectService, type SideEffectService } from '../../../test/fakes/side-effects/server.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { workflowRuntime } from '../runtime.js';

const all = ['workflows:read', 'workflows:write', 'workflows:run'];
const as = (workspaceId = 'ws-a', permissions = all) => asPrincipal({ workspaceId, permissions });
type App = Awaited<ReturnType<typeof createTestApp>>;

describe.each(dialects)('workflow API (%s)', (dialect) => {
  let svc: SideEffectService;
  let t: App;
  beforeAll(async () => {
    svc = await startSideEffectService();
  });
  afterAll(async () => {
    await svc.close();
  });
  afterEach(async () => {
    await t?.cleanup();
  });
  const start = async () => {
    t = await createTestApp(dialect, { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
    workflowRuntime(t.ctx).startWorkers();
  };
  const create = async (definition: unknown, name = 'wf') => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: as(), payload: { name, definition } });
    expect(r.statusCode).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const waitRun = async (runId: string) => {
    for (let i = 0; i < 300; i++) {
      const r = (await t.app.inject({ method: 'GET', url: `/api/runs/${runId}`, headers: as() })).json<{ status: string }>();
      if (['succeeded', 'failed', 'cancelled'].includes(r.status)) return r as { status: string; output: unknown; error: unknown; steps: { stepId: string; status: string; attempt: number; input: unknown }[] };
      await new Promise((res) => setTimeout(res, 30));
    }
    throw new Error('run did not finish');
  };

  it('creates, versions, diffs, rolls back, exports and imports; scoped by workspace and permission', async () => {
    await start();
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '1' }] });
    expect((await t.app.inject({ method: 'GET', url: `/api/workflows/${id}`, headers: as('ws-other') })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/workflows/${id}`, headers: as('ws-a', ['workflows:read']) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'PUT', url: `/api/workflows/${id}`, headers: as('ws-a', ['workflows:read']), payload: { definition: {} } })).statusCode).toBe(403);

    const bad = await t.app.inject({ method: 'PUT', url: `/api/workflows/${id}`, headers: as(), payload: { definition: { trigger: { type: 'nope' } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]?.field).toMatch(/^body\.definition\.trigger/);

    const v2 = await t.app.inject({ method: 'PUT', url: `/api/workflows/${id}`, headers: as(), payload: { message: 'add b', definition: { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '2' }, { id: 'b', type: 'transform', expression: 'steps.a' }] } } });
    expect(v2.json()).toMatchObject({ version: 2, author: 'user-test', message: 'add b' });
    const diff = (await t.app.inject({ method: 'GET', url: `/api/workflows/${id}/diff?from=1&to=2`, headers: as() })).json<{ steps: { added: { id: string }[]; changed: { id: string }[] } }>();
    expect(diff.steps.added.map((s) => s.id)).toEqual(['b']);
    expect(diff.steps.changed.map((s) => s.id)).toEqual(['a']);

    const rb = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/rollback`, headers: as(), payload: { version: 1 } });
    expect(rb.json()).toMatchObject({ latestVersion: 3, publishedVersion: 3 });
    const versions = (await t.app.inject({ method: 'GET', url: `/api/workflows/${id}/versions`, headers: as() })).json<{ items: { version: number; message: string }[] }>().items;
    expect(versions.map((v) => [v.version, v.message])).toEqual([[3, 'Rollback to version 1'], [2, 'add b'], [1, 'Created']]);
    expect((await t.app.inject({ method: 'GET', url: `/api/workflows/${id}/diff?from=1&to=3`, headers: as() })).json<{ same: boolean }>().same).toBe(true);

    const exported = (await t.app.inject({ method: 'GET', url: '/api/workflows/export', headers: as() })).json<{ workflows: unknown[] }>();
    expect(exported.workflows).toHaveLength(1);
    const imported = await t.app.inject({ method: 'POST', url: '/api/workflows/import', headers: as('ws-b'), payload: exported });
    expect(imported.statusCode).toBe(201);
    const list = (await t.app.inject({ method: 'GET', url: '/api/workflows', headers: as('ws-b') })).json<{ items: { name: string; latestVersion: number }[] }>();
    expect(list.items).toEqual([expect.objectContaining({ name: 'wf', latestVersion: 1 })]);
    expect((await t.app.inject({ method: 'GET', url: '/api/workflows/schema', headers: as() })).json<{ properties: object }>().properties).toHaveProperty('trigger');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/workflows/${id}`, headers: as() })).statusCode).toBe(204);
  });

  it('saves of one workflow at once each get their own version (no version-key collision)', async () => {
    await start();
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '1' }] });
    const saves = await Promise.all(
      [2, 3, 4, 5, 6, 7].map((n) =>
        t.app.inject({ method: 'PUT', url: `/api/workflows/${id}`, headers: as(), payload: { message: `save ${n}`, definition: { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: String(n) }] } } }),
      ),
    );
    expect(saves.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(saves.map((r) => r.json<{ version: number }>().version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
    const wf = (await t.app.inject({ method: 'GET', url: `/api/workflows/${id}`, headers: as() })).json<{ latestVersion: number }>();
    expect(wf.latestVersion).toBe(7);
  });

  it('refuses to activate an invalid workflow, pointing at step and field', async () => {
    await start();
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'x', type: 'action', action: 'core.log', input: { level: 'loud' } }, { id: 'y', type: 'transform', expression: 'steps.z' }] });
    const r = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    expect(r.statusCode).toBe(422);
    const fields = r.json<{ errors: { field: string }[] }>().errors.map((e) => e.field).sort();
    expect(fields).toEqual(['steps.x.input.level', 'steps.x.input.message', 'steps.y.expression']);
  });

  it('runs from a webhook (with HMAC and synchronous respond), lists runs by cursor, shows the timeline', async () => {
    await start();
    const id = await create({
      trigger: { type: 'webhook', methods: ['POST'], respond: 'when_finished', hmac: {} },
      steps: [{ id: 'call', type: 'http', input: { method: 'POST', url: `${svc.url}/effects`, body: '{{ trigger.body }}' } }, { id: 'out', type: 'transform', expression: '{ "got": trigger.body.n, "status": steps.call.status }' }],
    });
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    expect(act.statusCode).toBe(200);
    const { url, hmacSecret } = act.json<{ webhook: { url: string; hmacSecret: string } }>().webhook;
    const body = JSON.stringify({ n: 7 });
    const unsigned = await t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.statusCode).toBe(401);
    const sig = createHmac('sha256', hmacSecret).update(body).digest('hex');
    const ok = await t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', 'x-atom-signature': `sha256=${sig}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'succeeded', output: { got: 7, status: 201 } });
    // A signed delivery retried with its idempotency key gets the first answer, not a 409 replay.
    const body8 = JSON.stringify({ n: 8 });
    const signed8 = { 'content-type': 'application/json', 'x-atom-signature': `sha256=${createHmac('sha256', hmacSecret).update(body8).digest('hex')}`, 'idempotency-key': 'evt-8' };
    const once = await t.app.inject({ method: 'POST', url, payload: body8, headers: signed8 });
    const twice = await t.app.inject({ method: 'POST', url, payload: body8, headers: signed8 });
    expect([once.statusCode, twice.statusCode]).toEqual([200, 200]);
    expect(twice.json()).toEqual(once.json());
    expect((await t.app.inject({ method: 'POST', url, payload: body8, headers: { ...signed8, 'idempotency-key': 'evt-8-replayed' } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/api/hooks/whk_not-a-real-token-at-all', payload: '{}' })).statusCode).toBe(404);

    for (let i = 0; i < 4; i++) await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: { input: { body: { n: i } }, waitMs: 5000 } });
    const page1 = (await t.app.inject({ method: 'GET', url: `/api/runs?workflowId=${id}&limit=3`, headers: as() })).json<{ items: { id: string }[]; nextCursor: string }>();
    expect(page1.items).toHaveLength(3);
    const page2 = (await t.app.inject({ method: 'GET', url: `/api/runs?workflowId=${id}&limit=3&cursor=${page1.nextCursor}`, headers: as() })).json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(page2.items).toHaveLength(3);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((r) => r.id)).size).toBe(6);
    expect((await t.app.inject({ method: 'GET', url: `/api/runs?status=failed`, headers: as() })).json<{ items: unknown[] }>().items).toHaveLength(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/runs`, headers: as('ws-other') })).json<{ items: unknown[] }>().items).toHaveLength(0);
    const detail = await waitRun(page1.items[0]!.id);
    expect(detail.steps.map((s) => [s.stepId, s.status, s.attempt])).toEqual([['call', 'succeeded', 1], ['out', 'succeeded', 1]]);
  });

  it('answers a repeated webhook delivery (Idempotency-Key, X-GitHub-Delivery) with the first run instead of starting another', async () => {
    await start();
    const id = await create({ trigger: { type: 'webhook', methods: ['POST'] }, steps: [{ id: 'out', type: 'transform', expression: 'trigger.body.n' }] });
    const { url } = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} })).json<{ webhook: { url: string } }>().webhook;
    const send = (headers: Record<string, string>, n = 1) => t.app.inject({ method: 'POST', url, payload: JSON.stringify({ n }), headers: { 'content-type': 'application/json', ...headers } });
    const runCount = async () => (await t.app.inject({ method: 'GET', url: `/api/runs?workflowId=${id}&limit=100`, headers: as() })).json<{ items: unknown[] }>().items.length;

    const first = await send({ 'idempotency-key': 'order-42' });
    expect(first.statusCode).toBe(202);
    const runId = first.json<{ runId: string }>().runId;
    // A retry after a timeout, sequentially and five at once: the same run, nothing new started.
    const again = await send({ 'idempotency-key': 'order-42' });
    expect(again.statusCode).toBe(202);
    expect(again.json<{ runId: string }>().runId).toBe(runId);
    const burst = await Promise.all(Array.from({ length: 5 }, () => send({ 'idempotency-key': 'order-42' })));
    expect(burst.map((r) => r.statusCode === 202 ? r.json<{ runId: string }>().runId : r.statusCode)).toEqual(Array(5).fill(runId));
    await waitRun(runId);
    expect((await send({ 'idempotency-key': 'order-42' })).json()).toMatchObject({ runId, status: 'succeeded' });
    expect(await runCount()).toBe(1);

    // Concurrent first deliveries of one key start exactly one run.
    const racing = await Promise.all(Array.from({ length: 6 }, () => send({ 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' })));
    const ids = new Set(racing.filter((r) => r.statusCode === 202).map((r) => r.json<{ runId: string }>().runId));
    expect(ids.size).toBe(1);
    expect(racing.every((r) => r.statusCode === 202 || (r.statusCode === 409 && r.headers['retry-after'] === '1'))).toBe(true);
    expect(await runCount()).toBe(2);

    // Other keys, no key, and an expired key each start a run; a bad key is a 400 naming the header.
    expect((await send({ 'idempotency-key': 'order-43' })).json<{ runId: string }>().runId).not.toBe(runId);
    await send({});
    await send({});
    expect(await runCount()).toBe(5);
    await t.ctx.db.updateTable('workflow_webhook_deliveries').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('run_id', '=', runId).execute();
    expect((await send({ 'idempotency-key': 'order-42' })).json<{ runId: string }>().runId).not.toBe(runId);
    expect(await runCount()).toBe(6);
    const bad = await send({ 'idempotency-key': 'x'.repeat(300) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('headers.idempotency-key');
  });

  it('re-runs a failed run from its failed step on the current version, and from the start', async () => {
    await start();
    const flaky = `${svc.url}/flaky/${dialect}-rerun?fail=1`;
    const id = await create({
      trigger: { type: 'manual' },
      steps: [
        { id: 'first', type: 'http', input: { method: 'POST', url: `${svc.url}/effects`, body: { once: true } } },
        { id: 'second', type: 'http', retry: { maxAttempts: 1 }, input: { url: flaky } },
      ],
    });
    await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    const run = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: { waitMs: 5000 } })).json<{ id: string; status: string; error: { stepId: string } }>();
    expect(run.status).toBe('failed');
    expect(run.error.stepId).toBe('second');
    // Fix the workflow in a new version, then retry the failed run from its failed step on the current version.
    await t.app.inject({ method: 'PUT', url: `/api/workflows/${id}`, headers: as(), payload: { definition: { trigger: { type: 'manual' }, steps: [{ id: 'first', type: 'http', input: { method: 'POST', url: `${svc.url}/effects`, body: { once: true } } }, { id: 'second', type: 'http', input: { url: flaky } }, { id: 'third', type: 'transform', expression: '"fixed"' }] } } });
    await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    const retried = await t.app.inject({ method: 'POST', url: `/api/runs/${run.id}/retry`, headers: as(), payload: { from: 'failed_step', version: 'current' } });
    expect(retried.statusCode).toBe(202);
    const done = await waitRun(run.id);
    expect(done.status).toBe('succeeded');
    expect(done.output).toBe('fixed');
    expect(svc.requests.filter((r) => r.key?.startsWith(`${run.id}:first`))).toHaveLength(1);
    expect(svc.requests.filter((r) => r.key?.startsWith(`${run.id}:second`)).map((r) => r.key)).toEqual([`${run.id}:second:0:0`, `${run.id}:second:0:1`]);

    const again = (await t.app.inject({ method: 'POST', url: `/api/runs/${run.id}/retry`, headers: as(), payload: { from: 'start' } })).json<{ id: string; triggerData: unknown }>();
    expect(again.id).not.toBe(run.id);
    expect((await waitRun(again.id)).status).toBe('succeeded');
  });

  it('cancels, dry-runs, tests one step, resumes a waiting step by its hook, and instantiates templates', async () => {
    await start();
    const id = await create({ trigger: { type: 'manual' }, steps: [{ id: 'hold', type: 'wait_for_webhook' }, { id: 'send', type: 'http', input: { method: 'POST', url: `${svc.url}/effects`, body: '{{ steps.hold }}' } }] });
    await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: as(), payload: {} });
    const r1 = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: {} })).json<{ id: string }>();
    let resumeUrl: string | undefined;
    for (let i = 0; i < 200 && !resumeUrl; i++) {
      const d = (await t.app.inject({ method: 'GET', url: `/api/runs/${r1.id}`, headers: as() })).json<{ steps: { input: { resumeUrl?: string } }[] }>();
      resumeUrl = d.steps[0]?.input?.resumeUrl;
      if (!resumeUrl) await new Promise((res) => setTimeout(res, 20));
    }
    const resumed = await t.app.inject({ method: 'POST', url: resumeUrl!, payload: JSON.stringify({ ack: 'yes' }), headers: { 'content-type': 'application/json' } });
    expect(resumed.statusCode).toBe(202);
    const done = await waitRun(r1.id);
    expect(done.status).toBe('succeeded');
    expect([...svc.effects.values()].some((e) => JSON.stringify(e.body) === JSON.stringify({ ack: 'yes' }))).toBe(true);

    const r2 = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: {} })).json<{ id: string }>();
    await new Promise((res) => setTimeout(res, 200));
    expect((await t.app.inject({ method: 'POST', url: `/api/runs/${r2.id}/cancel`, headers: as() })).json()).toMatchObject({ status: 'cancelled' });
    expect((await t.app.inject({ method: 'POST', url: `/api/runs/${r2.id}/cancel`, headers: as() })).statusCode).toBe(409);

    const effectsBefore = svc.effects.size;
    const dry = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: { dryRun: true, waitMs: 5000 } })).json<{ status: string; mode: string }>();
    expect(dry).toMatchObject({ status: 'succeeded', mode: 'dry' });
    expect(svc.effects.size).toBe(effectsBefore);

    const test = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/steps/send/test`, headers: as(), payload: { steps: { hold: { x: 1 } }, dryRun: false } });
    expect(test.json()).toMatchObject({ status: 'succeeded', output: { status: 201 }, step: { input: { body: { x: 1 } } } });

    const templates = (await t.app.inject({ method: 'GET', url: '/api/templates', headers: as() })).json<{ items: { id: string; missingActions: string[] }[] }>().items;
    expect(templates.length).toBeGreaterThanOrEqual(19);
    const inst = await t.app.inject({ method: 'POST', url: '/api/templates/uptime-check-alert/instantiate', headers: as(), payload: { params: { url: `${svc.url}/status/200`, everyMinutes: 10, channel: '#ops' } } });
    expect(inst.statusCode).toBe(201);
    const badParams = await t.app.inject({ method: 'POST', url: '/api/templates/uptime-check-alert/instantiate', headers: as(), payload: { params: { url: 'not a url', channel: '#ops' } } });
    expect(badParams.statusCode).toBe(400);
    expect(badParams.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body.params.url');
  });
});
