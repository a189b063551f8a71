import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSideEffectService, type SideEffectService } from '../../../test/fakes/side-effects/server.js';
import { builtinActions, createActionRegistry, defineAction } from '../actions/index.js';
import { createEngineHarness, engineBackends, WS, type EngineHarness } from './testing.js';

const fast = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50, multiplier: 2, nonRetryable: [] };

describe.each(engineBackends)('workflow engine (%s)', (backend) => {
  let svc: SideEffectService;
  let h: EngineHarness;
  beforeAll(async () => {
    svc = await startSideEffectService();
  });
  afterAll(async () => {
    await svc.close();
  });
  afterEach(async () => {
    await h?.close();
  });

  it('runs steps in order, journals each once, and computes the output', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'fetch', type: 'http', input: { method: 'POST', url: `${svc.url}/effects`, body: { order: '{{ trigger.order }}' } } },
        { id: 'vars', type: 'set', values: { total: '{{ trigger.amount * 2 }}' } },
        { id: 'note', type: 'action', action: 'core.log', input: { message: 'total is {{ vars.total }}' } },
        { id: 'shape', type: 'transform', expression: '{ "status": steps.fetch.status, "total": vars.total, "dup": steps.fetch.body.duplicate }' },
      ],
    });
    const runId = await h.run(wf.id, { order: 'A-1', amount: 21 });
    const run = await h.finished(runId);
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(run.output ?? 'null')).toEqual({ status: 201, total: 42, dup: false });
    const j = await h.journal(runId);
    expect([...j.keys()].sort()).toEqual(['fetch', 'note', 'shape', 'vars']);
    expect([...j.values()].every((e) => e.status === 'succeeded' && e.attempt === 1)).toBe(true);
    expect(j.get('note')?.logs).toEqual([expect.objectContaining({ message: 'total is 42' })]);
    const key = svc.requests.find((r) => r.path === '/effects' && r.key?.startsWith(runId))?.key;
    expect(key).toBe(`${runId}:fetch:0:0`);
  });

  it('branches with if/switch, loops with a concurrency limit, and merges parallel branches', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'check', type: 'if', condition: 'trigger.amount > 10000', then: [{ id: 'big', type: 'transform', expression: '"big"' }], else: [{ id: 'small', type: 'transform', expression: '"small"' }] },
        {
          id: 'route',
          type: 'switch',
          value: 'trigger.kind',
          cases: [{ when: 'invoice', steps: [{ id: 'inv', type: 'set', values: { kind: 'I' } }] }],
          default: [{ id: 'other', type: 'set', values: { kind: 'O' } }],
        },
        { id: 'loop', type: 'for_each', items: 'trigger.items', concurrency: 3, steps: [{ id: 'double', type: 'transform', expression: 'item * 2 + index' }] },
        { id: 'both', type: 'parallel', branches: [[{ id: 'p1', type: 'transform', expression: '1' }], [{ id: 'p2', type: 'transform', expression: '2' }]] },
        { id: 'result', type: 'transform', expression: '{ "check": steps.check.branch, "kind": vars.kind, "loop": steps.loop, "par": steps.both.branches }' },
      ],
    });
    const run = await h.finished(await h.run(wf.id, { amount: 20000, kind: 'invoice', items: [1, 2, 3, 4, 5] }));
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(run.output ?? 'null')).toEqual({ check: 'then', kind: 'I', loop: [2, 5, 8, 11, 14], par: [1, 2] });
    const j = await h.journal(run.id);
    expect(j.has('loop[4]/double')).toBe(true);
    expect(j.has('small')).toBe(false);
  });

  it('retries a 503 as a stored timer, honouring Retry-After, with the same idempotency key', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [{ id: 'call', type: 'http', retry: { ...fast, initialDelayMs: 10_000, maxDelayMs: 10_000 }, input: { url: `${svc.url}/flaky/${backend}-r?fail=2&retryAfter=0` } }],
    });
    const runId = await h.run(wf.id);
    const run = await h.finished(runId);
    expect(run.status).toBe('succeeded');
    expect((await h.journal(runId)).get('call')?.attempt).toBe(3);
    const keys = svc.requests.filter((r) => r.path === `/flaky/${backend}-r`).map((r) => r.key);
    expect(keys).toEqual([`${runId}:call:0:0`, `${runId}:call:0:0`, `${runId}:call:0:0`]);
  });

  it('does not retry a 400, points the error at the step, and supports continue and error branches', async () => {
    h = await createEngineHarness(backend);
    const failing = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'bad', type: 'http', retry: fast, input: { url: `${svc.url}/status/400` } }] });
    const failed = await h.finished(await h.run(failing.id));
    expect(failed.status).toBe('failed');
    expect(JSON.parse(failed.error ?? '{}')).toMatchObject({ code: 'workflows.http.status_400', stepId: 'bad', retryable: false, response: { status: 400 } });
    expect((await h.journal(failed.id)).get('bad')).toMatchObject({ status: 'failed', attempt: 1 });

    const tolerant = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'a', type: 'http', onError: 'continue', input: { url: `${svc.url}/status/404` } },
        { id: 'b', type: 'fail', message: 'boom', onError: 'branch', errorSteps: [{ id: 'handle', type: 'set', values: { handled: '{{ steps.b.error.message }}' } }] },
        { id: 'c', type: 'transform', expression: '{ "a": steps.a.error.code, "handled": vars.handled }' },
      ],
    });
    const ok = await h.finished(await h.run(tolerant.id));
    expect(ok.status).toBe('succeeded');
    expect(JSON.parse(ok.output ?? 'null')).toEqual({ a: 'workflows.http.status_404', handled: 'boom' });
  });

  it('waits with a stored timer (delay step) and resumes', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'wait', type: 'delay', ms: 300 }, { id: 'after', type: 'transform', expression: '"done"' }] });
    const started = Date.now();
    const runId = await h.run(wf.id);
    await new Promise((r) => setTimeout(r, 150));
    expect((await h.engine.runs.get(runId))?.status).toBe('waiting');
    const run = await h.finished(runId);
    expect(run.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(JSON.parse(run.output ?? 'null')).toBe('done');
  });

  it('cancels a run that really stops (a running action is aborted, later steps never run)', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'slow', type: 'http', input: { url: `${svc.url}/slow?ms=5000` } },
        { id: 'after', type: 'http', input: { method: 'POST', url: `${svc.url}/effects`, body: { never: true } } },
      ],
    });
    const runId = await h.run(wf.id);
    for (let i = 0; i < 100 && (await h.engine.runs.get(runId))?.status !== 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    expect(await h.engine.cancel(runId)).toBe(true);
    const run = await h.finished(runId);
    expect(run.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 2500));
    expect(svc.requests.some((r) => r.key?.startsWith(`${runId}:after`))).toBe(false);
    expect((await h.journal(runId)).has('after')).toBe(false);
    expect(Date.now() - t0).toBeLessThan(6000);
  });

  it('stores a large output by reference and still lets later steps read it', async () => {
    h = await createEngineHarness(backend, { env: { ATOM_WORKFLOW_INLINE_OUTPUT_BYTES: '2048' } });
    const wf = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'big', type: 'http', input: { url: `${svc.url}/big?bytes=50000` } }, { id: 'len', type: 'transform', expression: '$length(steps.big.body)' }] });
    const run = await h.finished(await h.run(wf.id));
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(run.output ?? 'null')).toBe(50000);
    const entry = (await h.journal(run.id)).get('big');
    expect(entry?.outputRef).toMatch(/^blob_/);
    expect(entry?.inlineOutput).toBeUndefined();
  });

  it('times a step out, resumes an approval by a decision, calls a sub-workflow, and dry-runs without side effects', async () => {
    h = await createEngineHarness(backend);
    const slow = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 's', type: 'http', timeoutMs: 100, retry: { ...fast, maxAttempts: 1 }, input: { url: `${svc.url}/slow?ms=3000` } }] });
    const timedOut = await h.finished(await h.run(slow.id));
    expect(JSON.parse(timedOut.error ?? '{}')).toMatchObject({ code: 'workflows.step.timeout', stepId: 's' });

    const child = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'x', type: 'transform', expression: 'trigger.n + 1' }] }, 'child');
    const parent = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'approve', type: 'wait_for_approval', message: 'ok?' },
        { id: 'sub', type: 'sub_workflow', workflowId: child.id, input: { n: 41 } },
        { id: 'out', type: 'transform', expression: '{ "approved": steps.approve.approved, "child": steps.sub }' },
      ],
    });
    const runId = await h.run(parent.id);
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = ((await h.journal(runId)).get('approve')?.input as { approvalUrl?: string } | undefined)?.approvalUrl;
      if (!url) await new Promise((r) => setTimeout(r, 20));
    }
    // An approval has no resume token: a signed-in member decides it through the run (finding 10).
    expect(url).toBe(`/api/runs/${runId}/approval`);
    const waitingRun = (await h.engine.runs.get(runId))!;
    const decision = { approved: true, decision: 'approved' as const, decidedBy: { userId: 'u1', name: 'Ann', email: 'ann@example.com' }, decidedAt: new Date().toISOString() };
    expect(await h.engine.decide(waitingRun, 'approve', decision)).toEqual({ runId });
    expect(await h.engine.decide(waitingRun, 'approve', decision)).toBeUndefined();
    const done = await h.finished(runId);
    expect(done.status).toBe('succeeded');
    expect(JSON.parse(done.output ?? 'null')).toEqual({ approved: true, child: 42 });

    const before = svc.effects.size;
    const dry = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'send', type: 'http', input: { method: 'POST', url: `${svc.url}/effects` } }, { id: 'w', type: 'delay', ms: 60_000 }] });
    const dryRun = await h.finished(await h.run(dry.id, {}, 'dry'));
    expect(dryRun.status).toBe('succeeded');
    expect(svc.effects.size).toBe(before);
    expect((await h.journal(dryRun.id)).get('send')?.inlineOutput).toMatchObject({ body: { preview: expect.stringContaining('would POST') } });
  });

  it('keeps to the per-workflow concurrency limit and starts the error workflow on failure', async () => {
    let active = 0;
    let maxActive = 0;
    const actions = createActionRegistry(builtinActions);
    actions.register(
      defineAction({
        id: 'test.hold',
        title: 'hold',
        description: 'holds for a while',
        input: z.object({ ms: z.number() }),
        output: z.object({}),
        idempotent: true,
        sideEffect: false,
        async run(_ctx, i) {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((r) => setTimeout(r, i.ms));
          active--;
          return {};
        },
      }),
    );
    h = await createEngineHarness(backend, { actions });
    const onError = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'got', type: 'transform', expression: 'trigger.failedRun.error.code' }] }, 'on error');
    const wf = await h.publish({ trigger: { type: 'manual' }, settings: { concurrency: 1, errorWorkflowId: onError.id }, steps: [{ id: 'hold', type: 'action', action: 'test.hold', input: { ms: 150 } }, { id: 'f', type: 'fail', message: 'nope' }] });
    const ids = await Promise.all([h.run(wf.id), h.run(wf.id), h.run(wf.id)]);
    for (const id of ids) expect((await h.finished(id)).status).toBe('failed');
    expect(maxActive).toBe(1);
    let errorRuns: { status: string; output: string | null }[] = [];
    for (let i = 0; i < 200; i++) {
      errorRuns = (await h.engine.runs.list({ workspaceId: WS, workflowId: onError.id, limit: 10 })).runs;
      if (errorRuns.length === 3 && errorRuns.every((r) => r.status === 'succeeded')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(errorRuns.map((r) => JSON.parse(r.output ?? 'null'))).toEqual(['workflows.step.fail', 'workflows.step.fail', 'workflows.step.fail']);
  });
});
