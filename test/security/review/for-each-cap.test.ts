import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/index.js';
import { workflowRuntime } from '../../../src/workflows/index.js';
import { signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Review finding (low): `for_each` looped over any number of items, so a webhook body with a huge list
 * flooded the journal with one run. The loop is capped (ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS) and a longer
 * list fails the step with an error naming the step, the count and the cap, before any iteration runs.
 */
describe.each(dialects)('low finding: for_each accepts unbounded items (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestActor;
  let hookUrl = '';
  let workflowId = '';

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS: '5', ATOM_JOBS_POLL_INTERVAL_MS: '20' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/workflows',
      headers: owner.bearer,
      payload: {
        name: 'loops over a webhook list',
        definition: {
          trigger: { type: 'webhook', methods: ['POST'], respond: 'when_finished' },
          steps: [{ id: 'each_order', type: 'for_each', items: 'trigger.body.items', steps: [{ id: 'double', type: 'transform', expression: 'item * 2' }] }],
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    workflowId = created.json<{ id: string }>().id;
    const act = await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/activate`, headers: owner.bearer, payload: {} });
    expect(act.statusCode, act.body).toBe(200);
    hookUrl = act.json<{ webhook: { url: string } }>().webhook.url;
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const deliver = async (items: number[]) => {
    const res = await t.app.inject({ method: 'POST', url: hookUrl, payload: JSON.stringify({ items }), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ runId: string; status: string; output: unknown }>();
  };

  it('low finding: a for_each over more items than the cap fails the step, naming the step, the count and the cap', async () => {
    const over = await deliver([1, 2, 3, 4, 5, 6]);
    expect(over.status).toBe('failed');
    const detail = await t.app.inject({ url: `/api/runs/${over.runId}`, headers: owner.bearer });
    const run = detail.json<{ status: string; error: { code: string; message: string; retryable: boolean }; steps: { stepKey: string; stepId: string; status: string }[] }>();
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'workflows.for_each.too_many_items', retryable: false });
    expect(run.error.message).toContain('each_order');
    expect(run.error.message).toContain('6 items');
    expect(run.error.message).toContain('limit is 5');
    // Not one iteration ran or was journaled.
    expect(run.steps.filter((s) => s.stepKey.includes('['))).toEqual([]);
  }, 30_000);

  it('low finding: a list at the cap still runs every item', async () => {
    const at = await deliver([1, 2, 3, 4, 5]);
    expect(at.status).toBe('succeeded');
    expect(at.output).toEqual([2, 4, 6, 8, 10]);
  }, 30_000);

  it('low finding: the cap defaults to 10,000 items', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).ATOM_WORKFLOW_FOR_EACH_MAX_ITEMS).toBe(10_000);
  });
});
