import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { builtinActions, createActionRegistry, defineAction } from '../actions/index.js';
import { LeaseLostError, type StepRow } from '../repositories/journal-repository.js';
import { createEngineHarness, WS, type EngineHarness } from './testing.js';

// Steps that stay inside the run are journaled with the run's next write (run-execution.ts, `staysInRun`).
describe.each(['embedded-sqlite', 'embedded-postgres'] as const)('journal writes of steps that stay inside the run (%s)', (backend) => {
  let h: EngineHarness;
  afterEach(async () => {
    await h.close();
  });

  const withProbe = () => {
    const actions = createActionRegistry(builtinActions);
    const seenBefore: string[][] = [];
    actions.register(
      defineAction({
        id: 'test.send',
        title: 'send',
        description: 'reaches outside the run',
        input: z.object({ value: z.unknown() }),
        output: z.object({ sent: z.boolean() }),
        idempotent: false,
        sideEffect: true,
        async run() {
          // What the journal holds at the moment something leaves the run.
          seenBefore.push([...(await h.journal(currentRun)).keys()].sort());
          return { sent: true };
        },
      }),
    );
    return { actions, seenBefore };
  };
  let currentRun = '';

  it('writes a chain of computed steps in one statement, before anything leaves the run, and keeps their order on the timeline', async () => {
    const { actions, seenBefore } = withProbe();
    h = await createEngineHarness(backend, { actions });
    const writes = vi.spyOn(h.engine.journal, 'write');
    // Ids out of alphabetical order: within one millisecond only the journal's own order tells them apart.
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'zeta', type: 'set', values: { n: '{{ trigger.n }}' } },
        { id: 'alpha', type: 'transform', expression: 'vars.n * 2' },
        { id: 'mid', type: 'action', action: 'core.log', input: { message: 'n={{ vars.n }}' } },
        { id: 'beta', type: 'if', condition: 'steps.alpha > 0', then: [{ id: 'inner', type: 'transform', expression: 'steps.alpha + 1' }], else: [] },
        { id: 'out', type: 'action', action: 'test.send', input: { value: '{{ steps.inner }}' } },
        { id: 'after', type: 'transform', expression: 'steps.out' },
      ],
    });
    currentRun = await h.run(wf.id, { n: 3 });
    expect((await h.finished(currentRun))?.status).toBe('succeeded');
    // Everything computed before the send was journaled before it ran; the send's own row comes after.
    expect(seenBefore).toEqual([['alpha', 'beta', 'inner', 'mid', 'zeta']]);
    // Three writes: the five computed rows together, the send's row at once (a takeover must not send
    // again), and the last step with the run's end.
    expect(writes.mock.calls.length).toBe(3);
    const timeline = await h.engine.journal.timeline(currentRun, { limit: 50, offset: 0 });
    // `beta` (the if) starts before its block and is journaled after it: ordered by start, then journal order.
    const order = timeline.map((e) => e.stepId);
    expect(order.filter((id) => id !== 'beta')).toEqual(['zeta', 'alpha', 'mid', 'inner', 'out', 'after']);
    expect(order.indexOf('beta')).toBeGreaterThan(order.indexOf('mid'));
    expect(timeline.every((e) => e.status === 'succeeded')).toBe(true);
  });

  it('a failing step writes what ran before it, and the failure', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'one', type: 'transform', expression: '1' },
        { id: 'boom', type: 'fail', message: 'no' },
        { id: 'never', type: 'transform', expression: '2' },
      ],
    });
    const runId = await h.run(wf.id);
    expect((await h.finished(runId))?.status).toBe('failed');
    const journal = await h.journal(runId);
    expect([...journal.values()].map((e) => [e.stepId, e.status]).sort()).toEqual([['boom', 'failed'], ['one', 'succeeded']]);
  });

  it('a batch of rows is fenced as one: a worker without the lease writes none of them', async () => {
    h = await createEngineHarness(backend);
    const wf = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'one', type: 'transform', expression: '1' }] });
    const runId = await h.run(wf.id);
    await h.finished(runId);
    await h.t.ctx.db.updateTable('workflow_runs').set({ lease_owner: 'worker_a', lease_until: Date.now() + 60_000 }).where('id', '=', runId).execute();
    const row = (key: string, seq: number): StepRow => ({
      run_id: runId, step_key: key, workspace_id: WS, step_id: key, step_type: 'transform', status: 'succeeded', attempt: 1, input: null, output: '1', output_ref: null,
      error: null, logs: null, next_at: null, wait_token_hash: null, started_at: new Date().toISOString(), finished_at: new Date().toISOString(), duration_ms: 0, seq,
    });
    await expect(h.engine.journal.write(runId, [row('x', 10), row('y', 11)], { owner: 'worker_b' })).rejects.toBeInstanceOf(LeaseLostError);
    expect([...(await h.journal(runId)).keys()]).toEqual(['one']);
    await h.engine.journal.write(runId, [row('x', 10), row('y', 11)], { owner: 'worker_a' });
    const after = await h.journal(runId);
    expect([...after.keys()].sort()).toEqual(['one', 'x', 'y']);
    // Written again without a place in the order: it keeps the one it had.
    await h.engine.journal.write(runId, [{ ...row('x', 10), seq: null, status: 'failed' }], { owner: 'worker_a' });
    expect((await h.journal(runId)).get('x')).toMatchObject({ status: 'failed', seq: 10 });
  });

  it('a run claimed for the first time starts without reading its journal; a resumed one reads it', async () => {
    h = await createEngineHarness(backend);
    const loads = vi.spyOn(h.engine.journal, 'load');
    const wf = await h.publish({
      trigger: { type: 'manual' },
      steps: [
        { id: 'first', type: 'set', values: { n: 2 } },
        { id: 'pause', type: 'delay', ms: 100 },
        { id: 'then', type: 'transform', expression: 'vars.n + 1' },
      ],
    });
    const runId = await h.run(wf.id);
    expect((await h.finished(runId))?.status).toBe('succeeded');
    // One read: the execution after the delay, which replays `first` (its variable) from the journal.
    expect(loads.mock.calls.length).toBe(1);
    const journal = await h.journal(runId);
    expect(journal.get('then')?.inlineOutput).toBe(3);
    expect([...journal.keys()].sort()).toEqual(['first', 'pause', 'then']);
  });
});
