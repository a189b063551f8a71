import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAsanaFake, type AsanaFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { createTask } from './index.js';

let fake: AsanaFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startAsanaFake();
  h = await pieceHarness({ serviceId: 'asana', fake, basePath: '/api/1.0' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});

describe('Asana create task', () => {
  it('creates a task in a project', async () => {
    expect(await h.run(createTask, { name: 'Review contract', projectId: '42', dueOn: '2026-12-01' })).toEqual({ id: '1000', url: 'https://app.asana.com/0/0/1000' });
    expect(fake.tasks[0]).toMatchObject({ name: 'Review contract', projects: ['42'], due_on: '2026-12-01' });
  });
  it('reports Asana’s own error message', async () => {
    await expect(h.run(createTask, { name: 'x', projectId: '999' })).rejects.toMatchObject({ message: 'Asana says “project: Unknown object: 999”.' });
  });
  it('refreshes after 401, retries a POST after 429 (not after 500)', async () => {
    fake.expireAll();
    await h.run(createTask, { name: 'after refresh', projectId: '42' });
    fake.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { errors: [{ message: 'Rate limited' }] } });
    await h.run(createTask, { name: 'after limit', projectId: '42' });
    fake.inject({ kind: 'status', status: 500, body: { errors: [{ message: 'Server Error' }] } });
    await expect(h.run(createTask, { name: 'not retried', projectId: '42' })).rejects.toMatchObject({ code: 'integrations.http.server_error' });
    expect(fake.tasks.map((t) => t.name)).toEqual(['Review contract', 'after refresh', 'after limit']);
  });
});
