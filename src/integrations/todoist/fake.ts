import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Todoist API v1 fake (developer.todoist.com/api/v1; REST v2 now answers 410): tasks under `/api/v1/tasks`, lists
 * paged by `cursor` / `limit` (at most 200) answered as `{ results, next_cursor }`, filters at `/tasks/filter?query=`,
 * updates as `POST /tasks/{id}`, completion as `POST /tasks/{id}/close` (204). Errors are JSON `{ error, error_code,
 * error_tag, http_code, error_extra }`; 429 carries Retry-After.
 */
export interface TodoistTask {
  id: string;
  content: string;
  description: string;
  project_id: string;
  priority: 1 | 2 | 3 | 4;
  labels: string[];
  due: { date: string; string: string; is_recurring: boolean } | null;
  checked: boolean;
  added_at: string;
}
export interface TodoistFake extends FakeService {
  tasks: TodoistTask[];
  /** Most tasks a page returns (Todoist: 200); tests lower it to page. */
  pageCap: number;
  addTask(projectId: string, content: string): TodoistTask;
}

export async function startTodoistFake(): Promise<TodoistFake> {
  const state = { tasks: [] as TodoistTask[], pageCap: 200 };
  let n = 0;
  const add = (projectId: string, content: string, extra: Partial<TodoistTask> = {}) => {
    const t: TodoistTask = { id: `6X7rM${(++n).toString(36).padStart(5, '0')}`, content, description: '', project_id: projectId, priority: 1, labels: [], due: null, checked: false, added_at: new Date(Date.now() + n).toISOString().replace(/Z$/, '000Z'), ...extra };
    state.tasks.push(t);
    return t;
  };
  for (let i = 1; i <= 5; i++) add('inbox', `Existing chore ${i}`, { labels: i % 2 ? ['home'] : [] });
  const projects = new Set(['inbox', 'work']);
  const err = (status: number, error: string, tag: string, extra: Record<string, unknown> = {}) => ({ error, error_code: status === 404 ? 478 : status === 400 ? 20 : status, error_extra: extra, error_tag: tag, http_code: status });
  const page = <T>(list: T[], q: { cursor?: string; limit?: string }) => {
    const limit = Math.min(Number(q.limit ?? 50), fake.pageCap);
    const start = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) : 0;
    const next = start + limit < list.length ? Buffer.from(String(start + limit)).toString('base64url') : null;
    return { results: list.slice(start, start + limit), next_cursor: next };
  };
  const dueOf = (b: { due_date?: string; due_string?: string }) => (b.due_date ? { date: b.due_date, string: b.due_date, is_recurring: false } : b.due_string ? { date: '2026-12-25', string: b.due_string, is_recurring: /every/i.test(b.due_string) } : undefined);

  const fake: TodoistFake = Object.assign(
    await startFakeService({
      unauthorized: (reply) => reply.code(401).send(err(401, 'Unauthorized', 'AUTH_INVALID_TOKEN')),
      routes(app) {
        app.get('/api/v1/user', async () => ({ id: '2671355', email: 'ada@example.com', full_name: 'Ada Lovelace' }));
        app.get('/api/v1/tasks', async (req, reply) => {
          const q = req.query as { project_id?: string; cursor?: string; limit?: string; label?: string };
          if (q.limit && (Number(q.limit) < 1 || Number(q.limit) > 200)) return reply.code(400).send(err(400, 'Invalid argument value', 'INVALID_ARGUMENT_VALUE', { argument: 'limit' }));
          if (q.project_id && !projects.has(q.project_id)) return reply.code(404).send(err(404, 'Project not found', 'NOT_FOUND'));
          return page(state.tasks.filter((t) => !t.checked && (!q.project_id || t.project_id === q.project_id) && (!q.label || t.labels.includes(q.label))), q);
        });
        app.get('/api/v1/tasks/filter', async (req, reply) => {
          const q = req.query as { query?: string; cursor?: string; limit?: string };
          if (!q.query) return reply.code(400).send(err(400, 'Required argument is missing', 'ARGUMENT_MISSING', { argument: 'query' }));
          const search = /^search:\s*(.+)$/i.exec(q.query)?.[1]?.toLowerCase();
          const label = /^@(\S+)$/.exec(q.query)?.[1];
          if (!search && !label && q.query !== 'all') return reply.code(400).send(err(400, 'Invalid filter', 'INVALID_FILTER', { argument: 'query' }));
          return page(state.tasks.filter((t) => !t.checked && (!search || `${t.content} ${t.description}`.toLowerCase().includes(search)) && (!label || t.labels.includes(label))), q);
        });
        app.get('/api/v1/tasks/:id', async (req, reply) => {
          const t = state.tasks.find((x) => x.id === (req.params as { id: string }).id);
          return t ?? reply.code(404).send(err(404, 'Task not found', 'NOT_FOUND'));
        });
        app.post('/api/v1/tasks', async (req, reply) => {
          const b = (req.body ?? {}) as { content?: string; description?: string; project_id?: string; priority?: number; labels?: string[]; due_date?: string; due_string?: string };
          if (!b.content) return reply.code(400).send(err(400, 'Required argument is missing', 'ARGUMENT_MISSING', { argument: 'content' }));
          if (b.project_id === 'shared-readonly') return reply.code(403).send(err(403, 'Insufficient permissions', 'FORBIDDEN'));
          if (b.project_id && !projects.has(b.project_id)) return reply.code(404).send(err(404, 'Project not found', 'NOT_FOUND'));
          const due = dueOf(b);
          return add(b.project_id ?? 'inbox', b.content, { description: b.description ?? '', priority: (b.priority ?? 1) as TodoistTask['priority'], labels: b.labels ?? [], ...(due ? { due } : {}) });
        });
        app.post('/api/v1/tasks/:id', async (req, reply) => {
          const t = state.tasks.find((x) => x.id === (req.params as { id: string }).id);
          if (!t) return reply.code(404).send(err(404, 'Task not found', 'NOT_FOUND'));
          const b = (req.body ?? {}) as { content?: string; description?: string; priority?: number; labels?: string[]; due_date?: string; due_string?: string };
          if (b.content === '') return reply.code(400).send(err(400, 'Invalid argument value', 'INVALID_ARGUMENT_VALUE', { argument: 'content' }));
          const due = dueOf(b);
          Object.assign(t, { ...(b.content !== undefined ? { content: b.content } : {}), ...(b.description !== undefined ? { description: b.description } : {}), ...(b.priority !== undefined ? { priority: b.priority } : {}), ...(b.labels !== undefined ? { labels: b.labels } : {}), ...(due ? { due } : {}) });
          return t;
        });
        app.post('/api/v1/tasks/:id/close', async (req, reply) => {
          const t = state.tasks.find((x) => x.id === (req.params as { id: string }).id);
          if (!t) return reply.code(404).send(err(404, 'Task not found', 'NOT_FOUND'));
          t.checked = true;
          return reply.code(204).send();
        });
      },
    }),
    { ...state, addTask: (projectId: string, content: string) => add(projectId, content) },
  );
  return fake;
}
