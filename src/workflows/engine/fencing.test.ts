import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinActions, createActionRegistry, defineAction } from '../actions/index.js';
import { createEngineHarness, type EngineHarness } from './testing.js';

describe.each(['embedded-sqlite', 'embedded-postgres'] as const)('lease fencing (%s)', (backend) => {
  let h: EngineHarness;
  afterEach(async () => {
    await h.close();
  });

  it('a worker whose lease was taken over cannot write to the journal and stops', async () => {
    let calls = 0;
    const actions = createActionRegistry(builtinActions);
    actions.register(
      defineAction({
        id: 'test.slow',
        title: 'slow',
        description: 'holds a while',
        input: z.object({}),
        output: z.object({ done: z.boolean() }),
        idempotent: true,
        sideEffect: false,
        async run() {
          calls++;
          await new Promise((r) => setTimeout(r, 600));
          return { done: true };
        },
      }),
    );
    h = await createEngineHarness(backend, { actions, leaseMs: 60_000 });
    const wf = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'slow', type: 'action', action: 'test.slow', input: {} }, { id: 'after', type: 'transform', expression: '1' }] });
    const runId = await h.run(wf.id);
    for (let i = 0; i < 200 && calls === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // Another worker takes the run over while the step is still running here.
    await h.t.ctx.db.updateTable('workflow_runs').set({ lease_owner: 'worker_successor', lease_until: Date.now() + 60_000 }).where('id', '=', runId).execute();
    await new Promise((r) => setTimeout(r, 1200));
    const journal = await h.journal(runId);
    expect(journal.has('slow')).toBe(false);
    expect(journal.has('after')).toBe(false);
    expect(await h.engine.runs.get(runId)).toMatchObject({ status: 'running', lease_owner: 'worker_successor' });
  });
});
