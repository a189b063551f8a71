import { beforeEach, expect, it } from 'vitest';
import { startAsanaFake, type AsanaFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { asana, createTask, getTask, listTasks, searchTasks, updateTask } from './index.js';

const seeded = async () => {
  const fake = Object.assign(await startAsanaFake(), { pageCap: 2 });
  for (let i = 1; i <= 5; i++) fake.addTask('42', `Launch step ${i}`);
  return fake;
};

describeConformance<AsanaFake>({
  service: asana,
  startFake: seeded,
  basePath: '/api/1.0',
  throttleBody: { errors: [{ message: 'You have made too many requests recently. Please, be chill.' }] },
  operations: {
    'asana.list_tasks': {
      input: { projectId: '42' },
      check: (out) => expect((out as { tasks: { name: string }[] }).tasks.slice(0, 5).map((t) => t.name)).toEqual(['Launch step 1', 'Launch step 2', 'Launch step 3', 'Launch step 4', 'Launch step 5']),
      badInput: { input: { projectId: 'marketing' }, field: 'projectId' },
    },
    'asana.get_task': {
      input: { taskId: '1000' },
      check: (out) => expect(out).toMatchObject({ id: '1000', name: 'Launch step 1', completed: false, projects: ['42'], url: 'https://app.asana.com/0/0/1000' }),
      badInput: { input: { taskId: 'x' }, field: 'taskId' },
    },
    'asana.update_task': {
      input: { taskId: '1001', completed: true, dueOn: '2026-12-31' },
      check: (out) => expect(out).toMatchObject({ id: '1001', completed: true, dueOn: '2026-12-31' }),
      badInput: { input: { taskId: '1001' }, field: 'name' },
    },
    'asana.search_tasks': {
      input: { workspaceId: '1', text: 'launch' },
      check: (out) => expect((out as { tasks: unknown[] }).tasks.length).toBeGreaterThanOrEqual(5),
      badInput: { input: { workspaceId: '1', text: '' }, field: 'text' },
    },
  },
  triggers: {
    'asana.new_task': {
      config: { projectId: '42' },
      produce: (fake) => void (fake as AsanaFake).addTask('42', 'Added in Asana'),
      check: (events) => expect(events[0]).toMatchObject({ name: 'Added in Asana', projects: ['42'] }),
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('a task created by asana.create_task is read back, found and listed', async () => {
      const { h } = ctx();
      const created = await h.run(createTask, { name: 'Write release notes', notes: 'for 2.4', projectId: '42' });
      expect(await h.run(getTask, { taskId: created.id })).toMatchObject({ name: 'Write release notes', notes: 'for 2.4' });
      expect((await h.run(listTasks, { projectId: '42', limit: 500 })).tasks.map((t) => t.id)).toContain(created.id);
    });
    it('Asana’s errors read plainly: unknown task, forbidden project, bad value', async () => {
      const { h } = ctx();
      await expect(h.run(getTask, { taskId: '999999' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Asana says “task: Unknown object: 999999”.' });
      await expect(h.run(listTasks, { projectId: '403' })).rejects.toMatchObject({ code: 'integrations.http.forbidden' });
      await expect(h.run(searchTasks, { workspaceId: '2', text: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Asana says “workspace: Unknown object”.' });
      await expect(h.run(updateTask, { taskId: '999999', completed: true })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    });
  },
});
