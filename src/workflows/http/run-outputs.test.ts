import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { workflowRuntime } from '../runtime.js';

const as = (workspaceId = 'ws-a') => asPrincipal({ workspaceId, permissions: ['workflows:read', 'workflows:write', 'workflows:run'] });
type App = Awaited<ReturnType<typeof createTestApp>>;
type RunView = { id: string; status: string; steps: { stepId: string; outputRef: string | null }[] };

// GET /api/runs/:id/outputs/:ref answers from the run repository (storedOutput): the blob of that run only.
describe('a large step output, stored by reference', () => {
  let t: App;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_WORKFLOW_INLINE_OUTPUT_BYTES: '1024' }, { authenticator: testAuthenticator });
    workflowRuntime(t.ctx).startWorkers();
  });
  afterAll(() => t.cleanup());

  const runOnce = async (): Promise<RunView> => {
    const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: as(), payload: { name: 'big', definition: { trigger: { type: 'manual' }, steps: [{ id: 'big', type: 'transform', expression: '$pad("", 3000, "x")' }] } } });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const started = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: as(), payload: { waitMs: 5000 } })).json<{ id: string }>();
    for (let i = 0; i < 300; i++) {
      const run = (await t.app.inject({ method: 'GET', url: `/api/runs/${started.id}`, headers: as() })).json<RunView>();
      if (run.status === 'succeeded') return run;
      expect(['queued', 'running']).toContain(run.status);
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error('run did not finish');
  };

  it('is read through its run, and only through that run and workspace', async () => {
    const run = await runOnce();
    const ref = run.steps.find((s) => s.stepId === 'big')?.outputRef;
    expect(ref).toBeTruthy();
    const res = await t.app.inject({ method: 'GET', url: `/api/runs/${run.id}/outputs/${ref}`, headers: as() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ output: 'x'.repeat(3000) });

    const other = await runOnce();
    const viaOtherRun = await t.app.inject({ method: 'GET', url: `/api/runs/${other.id}/outputs/${ref}`, headers: as() });
    expect(viaOtherRun.statusCode).toBe(404);
    expect(viaOtherRun.json<{ code: string }>().code).toBe('workflows.output_not_found');
    expect((await t.app.inject({ method: 'GET', url: `/api/runs/${run.id}/outputs/${ref}`, headers: as('ws-other') })).statusCode).toBe(404);
  });
});
