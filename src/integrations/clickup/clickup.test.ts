import { beforeEach, expect, it } from 'vitest';
import { startClickupFake, type ClickupFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { clickup, createTask, getTask, listTasks, updateTask } from './index.js';

describeConformance<ClickupFake>({
  service: clickup,
  startFake: startClickupFake,
  basePath: '/api/v2',
  throttleBody: { err: 'Rate limit reached', ECODE: 'APP_002' },
  operations: {
    'clickup.create_task': {
      input: { listId: '901', name: 'Call the printer vendor', description: 'Ask about **toner**', priority: 'high', due: '2026-12-24T09:00:00Z', tags: ['vendor'] },
      check: (out) => expect(out).toMatchObject({ name: 'Call the printer vendor', status: 'to do', priority: 'high', due: '2026-12-24T09:00:00.000Z', tags: ['vendor'], listId: '901', url: expect.stringMatching(/^https:\/\/app\.clickup\.com\/t\//) }),
      badInput: { input: { listId: 'backlog', name: 'x' }, field: 'listId' },
    },
    'clickup.get_task': {
      input: { taskId: '86a0001' },
      check: (out) => expect(out).toMatchObject({ id: '86a0001', name: 'Existing task 1', status: 'to do', priority: null }),
      badInput: { input: { taskId: 'has spaces' }, field: 'taskId' },
    },
    'clickup.update_task': {
      input: { taskId: '86a0002', status: 'complete', priority: 'low' },
      check: (out) => expect(out).toMatchObject({ id: '86a0002', status: 'complete', priority: 'low' }),
      badInput: { input: { taskId: '86a0002' }, field: 'name' },
    },
    'clickup.list_tasks': {
      // List 902 holds 120 tasks: two pages of ClickUp's 100.
      input: { listId: '902', limit: 500 },
      check: (out) => expect((out as { tasks: unknown[] }).tasks).toHaveLength(120),
      badInput: { input: { listId: '902', limit: 0 }, field: 'limit' },
    },
    'clickup.add_comment': {
      input: { taskId: '86a0001', text: 'Vendor called back.' },
      check: (out, fake) => {
        expect(out).toMatchObject({ id: expect.any(String) });
        expect((fake as ClickupFake).tasks[0]!.comments.at(-1)).toBe('Vendor called back.');
      },
      badInput: { input: { taskId: '86a0001', text: '' }, field: 'text' },
    },
  },
  triggers: {
    'clickup.new_task': {
      config: { listId: '901' },
      produce: (fake) => void (fake as ClickupFake).addTask('901', 'Created in ClickUp'),
      check: (events) => expect(events[0]).toMatchObject({ name: 'Created in ClickUp', listId: '901' }),
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('lists newest first and leaves closed tasks out unless asked', async () => {
      const { h } = ctx();
      const open = await h.run(listTasks, { listId: '901' });
      expect(open.tasks.every((t) => t.status !== 'complete')).toBe(true);
      const all = await h.run(listTasks, { listId: '901', includeClosed: true });
      expect(all.tasks.length).toBeGreaterThan(open.tasks.length);
      expect(all.tasks[0]!.createdAt >= all.tasks.at(-1)!.createdAt).toBe(true);
    });
    it('refreshes after 401; an unauthorised workspace is forbidden (no refresh fixes it); errors read plainly', async () => {
      const { h, fake } = ctx();
      fake.expireAll();
      await h.run(getTask, { taskId: '86a0001' });
      expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
      const refreshes = fake.tokenRequests.length;
      await expect(h.run(listTasks, { listId: '999' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: expect.stringContaining('workspace was not authorised') });
      expect(fake.tokenRequests.length).toBe(refreshes);
      await expect(h.run(getTask, { taskId: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'ClickUp says the task does not exist (or the connection cannot see it).' });
      await expect(h.run(createTask, { listId: '555', name: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'ClickUp says the list does not exist (or the connection cannot see it).' });
      await expect(h.run(updateTask, { taskId: '86a0001', status: 'archived-ish' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'ClickUp says “Status does not exist”.' });
    });
  },
});
