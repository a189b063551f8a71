import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSideEffectService, type SideEffectService } from '../../../test/fakes/side-effects/server.js';
import { createEmbeddedQueue } from '../../platform/jobs/index.js';
import { createWorkflowEngine } from '../engine/engine.js';
import { createEngineHarness } from '../engine/testing.js';

/** Acceptance: a retry scheduled 30 s out is a stored timer, so it survives a restart of the process. */
describe('a retry 30 s out survives a restart', () => {
  let svc: SideEffectService;
  beforeAll(async () => {
    svc = await startSideEffectService();
  });
  afterAll(async () => {
    await svc.close();
  });

  it.each(['embedded-sqlite', 'embedded-postgres'] as const)('%s: with a controllable clock', async (backend) => {
    let now = Date.now();
    const clock = { now: () => now };
    // The first process: the call answers 503 with Retry-After: 30.
    const first = await createEngineHarness(backend, { clock });
    const wf = await first.publish({ trigger: { type: 'manual' }, steps: [{ id: 'call', type: 'http', input: { url: `${svc.url}/flaky/${backend}-30s?fail=1&retryAfter=30` } }] });
    const runId = await first.run(wf.id);
    for (let i = 0; i < 200 && (await first.journal(runId)).get('call')?.status !== 'retrying'; i++) await new Promise((r) => setTimeout(r, 20));
    const entry = (await first.journal(runId)).get('call');
    expect(entry).toMatchObject({ status: 'retrying', attempt: 1 });
    expect((entry?.nextAt ?? 0) - now).toBeGreaterThanOrEqual(30_000);
    for (let i = 0; i < 100 && (await first.engine.runs.get(runId))?.status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 20));

    // "Restart": every worker of the first process stops; a new engine (new queue consumers) starts on the same database.
    first.engine.stop();
    await first.queue.close();
    const queue = createEmbeddedQueue({ db: first.t.ctx.db, dialect: first.t.ctx.database.dialect, logger: first.t.ctx.logger, pollIntervalMs: 20, clock });
    const second = createWorkflowEngine(first.t.ctx, { queue, actions: first.actions, clock });
    second.start();

    now += 29_000;
    await new Promise((r) => setTimeout(r, 300));
    expect((await second.runs.get(runId))?.status).toBe('waiting');
    now += 1_500;
    const done = await second.waitForRun(runId, 10_000);
    expect(done?.status).toBe('succeeded');
    expect((await second.journal.load(runId)).get('call')).toMatchObject({ status: 'succeeded', attempt: 2 });
    second.stop();
    await queue.close();
    await first.t.cleanup();
  });

  it('bullmq: the delayed retry lives in Redis across a restart (short real Retry-After)', async () => {
    const first = await createEngineHarness('bullmq-postgres');
    const wf = await first.publish({ trigger: { type: 'manual' }, steps: [{ id: 'call', type: 'http', input: { url: `${svc.url}/flaky/bull-restart?fail=1&retryAfter=2` } }] });
    const runId = await first.run(wf.id);
    for (let i = 0; i < 200 && (await first.engine.runs.get(runId))?.status !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await first.journal(runId)).get('call')).toMatchObject({ status: 'retrying' });
    // Stop every consumer of the first "process", then start a new one on the same Redis prefix.
    first.engine.stop();
    await first.queue.close();
    const second = first.second();
    const done = await second.waitForRun(runId, 15_000);
    expect(done?.status).toBe('succeeded');
    expect((await second.journal.load(runId)).get('call')).toMatchObject({ status: 'succeeded', attempt: 2 });
    await first.close();
  });
});
