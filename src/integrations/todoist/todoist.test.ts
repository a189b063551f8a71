import { beforeEach, expect, it } from 'vitest';
import { startTodoistFake, type TodoistFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createTask, getTask, listTasks, todoist, updateTask } from './index.js';

describeConformance<TodoistFake>({
  service: todoist,
  startFake: async () => Object.assign(await startTodoistFake(), { pageCap: 2 }),
  basePath: '/api/v1',
  throttleBody: { error: 'Too many requests', error_code: 429, error_tag: 'TOO_MANY_REQUESTS', http_code: 429, error_extra: {} },
  operations: {
    'todoist.create_task': {
      input: { content: 'Buy toner', description: 'For the office printer', projectId: 'work', priority: 'p1', labels: ['errand'], dueString: 'tomorrow 9am' },
      check: (out, fake) => {
        expect(out).toMatchObject({ content: 'Buy toner', projectId: 'work', priority: 'p1', labels: ['errand'], dueText: 'tomorrow 9am', completed: false });
        // p1 (urgent in the apps) is priority 4 in the API.
        expect((fake as TodoistFake).tasks.at(-1)!.priority).toBe(4);
      },
      badInput: { input: { content: 'x', dueDate: '2026-12-24', dueString: 'tomorrow' }, field: 'dueString' },
    },
    'todoist.get_task': {
      input: { taskId: '6X7rM00001' },
      check: (out) => expect(out).toMatchObject({ id: '6X7rM00001', content: 'Existing chore 1', priority: 'p4', url: 'https://app.todoist.com/app/task/6X7rM00001' }),
      badInput: { input: { taskId: 'not/an/id' }, field: 'taskId' },
    },
    'todoist.update_task': {
      input: { taskId: '6X7rM00002', content: 'Existing chore 2 (today)', priority: 'p2' },
      check: (out) => expect(out).toMatchObject({ content: 'Existing chore 2 (today)', priority: 'p2' }),
      badInput: { input: { taskId: '6X7rM00002' }, field: 'content' },
    },
    'todoist.complete_task': {
      input: { taskId: '6X7rM00003' },
      check: (out, fake) => {
        expect(out).toEqual({ taskId: '6X7rM00003', completed: true });
        expect((fake as TodoistFake).tasks[2]!.checked).toBe(true);
      },
      badInput: { input: {}, field: 'taskId' },
    },
    'todoist.list_tasks': {
      input: { projectId: 'inbox' },
      check: (out) => expect((out as { tasks: { projectId: string }[] }).tasks.length).toBeGreaterThanOrEqual(4),
      badInput: { input: { label: 'two words' }, field: 'label' },
    },
  },
  triggers: {
    'todoist.new_task': {
      config: { projectId: 'inbox' },
      produce: (fake) => void (fake as TodoistFake).addTask('inbox', 'Added from the phone'),
      check: (events) => expect(events[0]).toMatchObject({ content: 'Added from the phone', projectId: 'inbox' }),
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('finds tasks by words and by label through the filter endpoint', async () => {
      const { h } = ctx();
      await h.run(createTask, { content: 'Renew passport', labels: ['admin'] });
      expect((await h.run(listTasks, { search: 'passport' })).tasks.map((t) => t.content)).toEqual(['Renew passport']);
      expect((await h.run(listTasks, { label: 'admin' })).tasks.map((t) => t.content)).toEqual(['Renew passport']);
    });
    it('refreshes after 401; Todoist’s JSON errors, 403 and 404 read plainly', async () => {
      const { h, fake } = ctx();
      fake.expireAll();
      await h.run(getTask, { taskId: '6X7rM00001' });
      expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
      await expect(h.run(getTask, { taskId: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Todoist says the task or project does not exist (or the connection cannot see it).' });
      await expect(h.run(createTask, { content: 'x', projectId: 'shared-readonly' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: 'Todoist says “Insufficient permissions”.' });
      fake.inject({ kind: 'status', status: 400, body: { error: 'Invalid argument value', error_code: 20, error_tag: 'INVALID_ARGUMENT_VALUE', http_code: 400, error_extra: { argument: 'due_string' } } });
      await expect(h.run(updateTask, { taskId: '6X7rM00001', dueString: 'every blue moon' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Todoist says “Invalid argument value (due_string)”.' });
    });
  },
});
