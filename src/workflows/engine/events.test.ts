import { afterEach, describe, expect, it } from 'vitest';
import { createEngineHarness, WS, type EngineHarness } from './testing.js';
import { createEventDispatch } from './events.js';

describe('event triggers and pruning', () => {
  let h: EngineHarness;
  afterEach(async () => {
    await h.close();
  });

  it('starts runs for matching memory events and integration events (a re-delivered event starts none)', async () => {
    h = await createEngineHarness('embedded-sqlite');
    const dispatch = createEventDispatch(h.engine);
    const mem = await h.publish({ trigger: { type: 'memory_event', events: ['document.created'], filter: '$contains(document.title, "Invoice")' }, steps: [{ id: 't', type: 'transform', expression: 'trigger.document.title' }] });
    const integ = await h.publish({ trigger: { type: 'integration', trigger: 'drive.new_file', mode: 'poll' }, steps: [{ id: 't', type: 'transform', expression: 'trigger.name' }] });
    expect(await dispatch.memoryEvent({ workspaceId: WS, type: 'document.created', document: { title: 'Notes' } })).toEqual([]);
    expect(await dispatch.memoryEvent({ workspaceId: WS, type: 'document.updated', document: { title: 'Invoice 7' } })).toEqual([]);
    const [memRun] = await dispatch.memoryEvent({ workspaceId: WS, type: 'document.created', document: { title: 'Invoice 7' } });
    expect(JSON.parse((await h.finished(memRun!)).output ?? 'null')).toBe('Invoice 7');
    expect((await h.engine.runs.get(memRun!))?.workflow_id).toBe(mem.id);

    const ev = { workspaceId: WS, trigger: 'drive.new_file', eventId: 'file-1:rev-3', data: { name: 'a.pdf' } };
    const [r1] = await dispatch.integrationEvent(ev);
    expect(await dispatch.integrationEvent(ev)).toEqual([]);
    expect(JSON.parse((await h.finished(r1!)).output ?? 'null')).toBe('a.pdf');
    expect(await dispatch.subscriptions()).toEqual([expect.objectContaining({ workflowId: integ.id, trigger: expect.objectContaining({ trigger: 'drive.new_file' }) })]);
  });

  it('events whose ids share a long prefix each start a run; the same event handed over concurrently starts one', async () => {
    h = await createEngineHarness('embedded-sqlite');
    const dispatch = createEventDispatch(h.engine);
    const wf = await h.publish({ trigger: { type: 'integration', trigger: 'gmail.new_email', mode: 'poll' }, steps: [] });
    // Gmail message ids share their leading hex digits for months; the run id once kept only a prefix.
    const ids = ['18c2a1b2c3d4e5f6', '18c2a1b2c3d4e5f7', '18c2a1b2c3d4e5f8'];
    for (const id of ids) expect(await dispatch.integrationEvent({ workspaceId: WS, trigger: 'gmail.new_email', eventId: `gmail.new_email:${id}`, data: { id } })).toHaveLength(1);
    const again = { workspaceId: WS, trigger: 'gmail.new_email', eventId: 'gmail.new_email:18c2a1b2c3d4e5f9', data: { id: '18c2a1b2c3d4e5f9' } };
    const started = (await Promise.all([dispatch.integrationEvent(again), dispatch.integrationEvent(again), dispatch.integrationEvent(again)])).flat();
    expect(started).toHaveLength(1);
    const runs = await h.t.ctx.db.selectFrom('workflow_runs').select('trigger_data').where('workflow_id', '=', wf.id).execute();
    expect(runs.map((r) => (JSON.parse(r.trigger_data) as { id: string }).id).sort()).toEqual([...ids, '18c2a1b2c3d4e5f9']);
  });

  it('prunes finished runs past retention in small batches, with their journal and blobs', async () => {
    h = await createEngineHarness('embedded-sqlite');
    const wf = await h.publish({ trigger: { type: 'manual' }, steps: [{ id: 't', type: 'transform', expression: '1' }] });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await h.run(wf.id));
    for (const id of ids) await h.finished(id);
    await h.t.ctx.db.updateTable('workflow_runs').set({ finished_at: '2020-01-01T00:00:00.000Z' }).where('id', 'in', ids.slice(0, 3)).execute();
    expect(await h.engine.runs.pruneBatch('2021-01-01T00:00:00.000Z', 2)).toBe(2);
    expect(await h.engine.runs.pruneBatch('2021-01-01T00:00:00.000Z', 2)).toBe(1);
    expect(await h.engine.runs.pruneBatch('2021-01-01T00:00:00.000Z', 2)).toBe(0);
    const left = await h.t.ctx.db.selectFrom('workflow_runs').select('id').execute();
    expect(left.map((r) => r.id).sort()).toEqual(ids.slice(3).sort());
    const steps = await h.t.ctx.db.selectFrom('workflow_run_steps').select('run_id').execute();
    expect(new Set(steps.map((s) => s.run_id))).toEqual(new Set(ids.slice(3)));
  });

  it('fails a run that exceeds its run timeout', async () => {
    h = await createEngineHarness('embedded-sqlite', { leaseMs: 1500 });
    const wf = await h.publish({ trigger: { type: 'manual' }, settings: { timeoutMs: 1000 }, steps: [{ id: 'a', type: 'transform', expression: '1' }, { id: 'wait', type: 'delay', ms: 1500 }, { id: 'b', type: 'transform', expression: '2' }] });
    const run = await h.finished(await h.run(wf.id));
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error ?? '{}')).toMatchObject({ code: 'workflows.run.timeout' });
    expect((await h.journal(run.id)).has('b')).toBe(false);
  });
});
