import { describe, expect, it } from 'vitest';
import { startGoogleTasksFake, type GoogleTasksFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { getTask, googleTasks, listTasks, updateTask } from './index.js';

async function seeded(): Promise<GoogleTasksFake> {
  const fake = await startGoogleTasksFake();
  // More than one page (100) of open tasks, plus a finished one lists skip unless asked.
  for (let i = 1; i <= 130; i++) fake.add('@default', `Task ${i}`);
  fake.add('@default', 'Already done', { status: 'completed', completed: '2026-01-01T00:00:00.000Z', hidden: true });
  return fake;
}

describeConformance({
  service: googleTasks,
  startFake: seeded,
  basePath: '/tasks/v1',
  tokenPath: '/token',
  throttleBody: { error: { code: 429, message: 'Rate Limit Exceeded', status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded' }] } },
  operations: {
    'google_tasks.list_tasks': { input: { limit: 120 }, check: (out) => expect((out as { tasks: unknown[] }).tasks).toHaveLength(120), badInput: { input: { limit: 0 }, field: 'limit' } },
    'google_tasks.get_task': { input: { taskId: 'T000001' }, check: (out) => expect(out).toMatchObject({ id: 'T000001', title: 'Task 1', done: false }), badInput: { input: { taskId: 'a/b' }, field: 'taskId' } },
    'google_tasks.create_task': { input: { title: 'Buy milk', notes: 'Oat', due: '2026-03-01' }, check: (out) => expect(out).toMatchObject({ title: 'Buy milk', notes: 'Oat', due: '2026-03-01T00:00:00.000Z', done: false }), badInput: { input: { title: 'x', due: 'tomorrow' }, field: 'due' } },
    'google_tasks.update_task': { input: { taskId: 'T000002', title: 'Renamed' }, check: (out) => expect(out).toMatchObject({ id: 'T000002', title: 'Renamed' }), badInput: { input: { taskId: 'T000002', title: '' }, field: 'title' } },
  },
  triggers: {
    'google_tasks.new_task': { config: { taskList: 'MWorkList' }, produce: (f) => void (f as GoogleTasksFake).add('MWorkList', 'Fresh task'), check: (events) => expect(events[0]).toMatchObject({ title: 'Fresh task' }) },
  },
  extra(ctx) {
    describe('Google Tasks specifics', () => {
      it('completing and reopening round-trips; completed tasks are listed only when asked; a missing task is named', async () => {
        const { h } = ctx();
        expect(await h.run(updateTask, { taskId: 'T000003', done: true })).toMatchObject({ done: true, completedAt: expect.any(String) });
        expect(await h.run(getTask, { taskId: 'T000003' })).toMatchObject({ done: true });
        expect(await h.run(updateTask, { taskId: 'T000003', done: false })).toMatchObject({ done: false, completedAt: null });
        const all = (await h.run(listTasks, { includeCompleted: true, limit: 2000 })) as { tasks: { title: string }[] };
        expect(all.tasks.map((t) => t.title)).toContain('Already done');
        const open = (await h.run(listTasks, { limit: 2000 })) as { tasks: { title: string }[] };
        expect(open.tasks.map((t) => t.title)).not.toContain('Already done');
        await expect(h.run(getTask, { taskId: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Google Tasks says “Requested entity was not found”.' });
      });
    });
  },
});
