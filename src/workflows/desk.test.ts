import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { workflowDesk } from './desk.js';
import { workflowRuntime } from './runtime.js';

describe.each(dialects)('workflow desk (what the chat agent uses) on %s', (dialect) => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  it('saves a draft, lists it, runs it and reports the failed step', async () => {
    t = await createTestContext(dialect, { ATOM_JOBS_POLL_INTERVAL_MS: '20' });
    workflowRuntime(t.ctx).startWorkers();
    const desk = workflowDesk(t.ctx);
    const { id } = await desk.saveDraft({
      workspaceId: 'ws-a',
      userId: 'u1',
      name: 'From chat',
      definition: { trigger: { type: 'manual' }, steps: [{ id: 'sum', type: 'transform', expression: '1 + 1' }, { id: 'stop', type: 'fail', message: 'too small' }] },
    });
    expect(await desk.list('ws-a')).toEqual([{ id, name: 'From chat', active: false }]);
    expect(await desk.list('ws-b')).toEqual([]);

    const { runId } = await desk.run({ workspaceId: 'ws-a', userId: 'u1', workflowId: id });
    let status = await desk.runStatus({ workspaceId: 'ws-a', runId });
    for (let i = 0; i < 200 && status && !['succeeded', 'failed'].includes(status.status); i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = await desk.runStatus({ workspaceId: 'ws-a', runId });
    }
    expect(status).toMatchObject({ runId, workflowId: id, status: 'failed', error: { message: 'too small' } });
    expect(status?.steps.map((s) => [s.id, s.status])).toEqual([
      ['sum', 'succeeded'],
      ['stop', 'failed'],
    ]);
    expect((await desk.list('ws-a'))[0]?.lastRunStatus).toBe('failed');
    // Another workspace cannot see the run.
    expect(await desk.runStatus({ workspaceId: 'ws-b', runId })).toBeUndefined();
  });

  it('refuses an invalid draft and a run of another workspace’s workflow', async () => {
    t = await createTestContext(dialect);
    const desk = workflowDesk(t.ctx);
    await expect(desk.saveDraft({ workspaceId: 'ws-a', userId: 'u1', name: 'x', definition: { trigger: { type: 'nope' } } })).rejects.toMatchObject({ status: 400 });
    const { id } = await desk.saveDraft({ workspaceId: 'ws-a', userId: 'u1', name: 'ok', definition: { trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'transform', expression: '1' }] } });
    await expect(desk.run({ workspaceId: 'ws-b', userId: 'u2', workflowId: id })).rejects.toMatchObject({ status: 404 });
  });
});
