import { describe, expect, it } from 'vitest';
import { startMicrosoftTodoFake, TASKS_LIST, WORK_LIST, type MicrosoftTodoFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { getTask, listTasks, microsoftTodo, updateTask } from './index.js';

async function seeded(): Promise<MicrosoftTodoFake> {
  const fake = await startMicrosoftTodoFake();
  // More than one page (100), so lists follow @odata.nextLink.
  for (let i = 1; i <= 130; i++) fake.add(TASKS_LIST, `Task ${i}`);
  return fake;
}
const first = 'AAMkTASK000001=';

describeConformance({
  service: microsoftTodo,
  startFake: seeded,
  basePath: '/v1.0',
  tokenPath: '/oauth2/v2.0/token',
  throttleBody: { error: { code: 'TooManyRequests', message: 'Please retry after', innerError: {} } },
  operations: {
    'microsoft_todo.list_tasks': { input: { listId: TASKS_LIST, limit: 120 }, check: (out) => expect((out as { tasks: unknown[] }).tasks).toHaveLength(120), badInput: { input: { listId: TASKS_LIST, limit: 0 }, field: 'limit' } },
    'microsoft_todo.get_task': { input: { listId: TASKS_LIST, taskId: first }, check: (out) => expect(out).toMatchObject({ id: first, title: 'Task 1', status: 'notStarted' }), badInput: { input: { listId: TASKS_LIST, taskId: 'a b' }, field: 'taskId' } },
    'microsoft_todo.create_task': { input: { listId: TASKS_LIST, title: 'Call the bank', notes: 'About the loan', importance: 'high', due: '2026-03-01' }, check: (out) => expect(out).toMatchObject({ title: 'Call the bank', notes: 'About the loan', importance: 'high', due: '2026-03-01' }), badInput: { input: { listId: TASKS_LIST, title: 'x', importance: 'urgent' }, field: 'importance' } },
    'microsoft_todo.update_task': { input: { listId: TASKS_LIST, taskId: 'AAMkTASK000002=', title: 'Renamed' }, check: (out) => expect(out).toMatchObject({ title: 'Renamed' }), badInput: { input: { listId: TASKS_LIST, taskId: 'AAMkTASK000002=', status: 'done' }, field: 'status' } },
  },
  triggers: {
    'microsoft_todo.new_task': { config: { listId: WORK_LIST }, produce: (f) => void (f as MicrosoftTodoFake).add(WORK_LIST, 'Fresh task'), check: (events) => expect(events[0]).toMatchObject({ title: 'Fresh task' }) },
  },
  extra(ctx) {
    describe('Microsoft To Do specifics', () => {
      it('completing shows in reads and open-only lists; a missing task is named', async () => {
        const { h } = ctx();
        expect(await h.run(updateTask, { listId: TASKS_LIST, taskId: 'AAMkTASK000003=', status: 'completed' })).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
        expect(await h.run(getTask, { listId: TASKS_LIST, taskId: 'AAMkTASK000003=' })).toMatchObject({ status: 'completed' });
        const open = (await h.run(listTasks, { listId: TASKS_LIST, openOnly: true, limit: 2000 })) as { tasks: { id: string }[] };
        expect(open.tasks.map((t) => t.id)).not.toContain('AAMkTASK000003=');
        await expect(h.run(getTask, { listId: TASKS_LIST, taskId: 'nope' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Microsoft To Do says “The requested resource was not found”.' });
      });
    });
  },
});
