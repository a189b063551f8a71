import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinActions, createActionRegistry, defineAction } from '../actions/index.js';
import { loadConfig } from '../../platform/config/index.js';
import { workflowConcurrency } from './engine.js';
import { createEngineHarness, engineBackends, type EngineHarness } from './testing.js';

/** A fake action that records how many calls overlap (per workflow, as the limit is per workflow). */
function overlapProbe() {
  const active = new Map<string, number>();
  const max = new Map<string, number>();
  const calls: string[] = [];
  const actions = createActionRegistry(builtinActions);
  actions.register(
    defineAction({
      id: 'test.overlap',
      title: 'overlap probe',
      description: 'holds for a while and records overlap',
      input: z.object({ group: z.string(), ms: z.number() }),
      output: z.object({ ok: z.boolean() }),
      idempotent: true,
      sideEffect: false,
      async run(ctx, i) {
        calls.push(ctx.runId);
        const now = (active.get(i.group) ?? 0) + 1;
        active.set(i.group, now);
        max.set(i.group, Math.max(max.get(i.group) ?? 0, now));
        await new Promise((r) => setTimeout(r, i.ms));
        active.set(i.group, (active.get(i.group) ?? 1) - 1);
        return { ok: true };
      },
    }),
  );
  return { actions, max, calls };
}

describe.each(engineBackends)('per-workflow concurrency limit (%s)', (backend) => {
  let h: EngineHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('never runs more than N at once across two workers; excess runs wait and none is lost', async () => {
    const probe = overlapProbe();
    h = await createEngineHarness(backend, { actions: probe.actions });
    // A second worker (its own queue consumer) competes for the same runs.
    h.second();
    const limited = await h.publish({ trigger: { type: 'manual' }, settings: { concurrency: 2 }, steps: [{ id: 'a', type: 'action', action: 'test.overlap', input: { group: 'limited', ms: 60 } }, { id: 'b', type: 'action', action: 'test.overlap', input: { group: 'limited', ms: 20 } }] }, 'limited');
    const free = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'action', action: 'test.overlap', input: { group: 'free', ms: 60 } }] }, 'free');

    const ids = await Promise.all(Array.from({ length: 16 }, (_, i) => h.run(limited.id, { i })));
    const freeIds = await Promise.all(Array.from({ length: 6 }, () => h.run(free.id)));
    const runs = await Promise.all([...ids, ...freeIds].map((id) => h.finished(id, 60_000)));

    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'succeeded'));
    expect(probe.max.get('limited')).toBe(2);
    // The limit is per workflow: the other one was not held back to 2.
    expect(probe.max.get('free')).toBeGreaterThan(2);
    // Every limited run called each step exactly once (parked runs were not half-run, none ran twice).
    for (const id of ids) expect(probe.calls.filter((c) => c === id)).toHaveLength(2);
    for (const id of ids) expect([...(await h.journal(id)).values()].map((e) => `${e.stepId}:${e.status}:${e.attempt}`).sort()).toEqual(['a:succeeded:1', 'b:succeeded:1']);
  });
});

describe('runs executed at once by one process', () => {
  it('is 8 beside the API, 32 in a queue-mode worker, and whatever ATOM_WORKFLOW_CONCURRENCY says', () => {
    const config = (env: Record<string, string>) => loadConfig({ ATOM_DATA_DIR: '/tmp/atom-concurrency-test', ...env });
    const redis = {} as NonNullable<Parameters<typeof workflowConcurrency>[0]['redis']>;
    expect(workflowConcurrency({ config: config({}), redis: undefined })).toBe(8);
    expect(workflowConcurrency({ config: config({}), redis })).toBe(32);
    expect(workflowConcurrency({ config: config({ ATOM_WORKFLOW_CONCURRENCY: '5' }), redis })).toBe(5);
  });
});
