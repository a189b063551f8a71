import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * ClickUp API v2 fake (developer.clickup.com/reference): tasks under `/api/v2/list/{list_id}/task` paged by
 * `page` (0-based, 100 a page, `last_page` in the answer), task fields as ClickUp returns them (times in Unix
 * milliseconds as strings, `status.status`, `priority.priority`); errors `{ err, ECODE }` (`OAUTH_019` token not
 * found is 401, `ITEM_013` missing task 404, `INPUT_*` 400); 429 on rate limits. Personal tokens come bare in
 * Authorization, OAuth tokens as Bearer.
 */
export interface ClickupTask {
  id: string;
  name: string;
  description: string;
  status: string;
  priority: 1 | 2 | 3 | 4 | null;
  listId: string;
  tags: string[];
  due: string | null;
  date_created: string;
  date_updated: string;
  comments: string[];
}
export interface ClickupFake extends FakeService {
  tasks: ClickupTask[];
  /** Tasks a page returns (ClickUp: 100). */
  pageCap: number;
  /** A task created in ClickUp itself (as a trigger would see it). */
  addTask(listId: string, name: string): ClickupTask;
}

const priorityName = { 1: 'urgent', 2: 'high', 3: 'normal', 4: 'low' } as const;

export async function startClickupFake(): Promise<ClickupFake> {
  const state = { tasks: [] as ClickupTask[], pageCap: 100 };
  let n = 0;
  const add = (listId: string, name: string, extra: Partial<ClickupTask> = {}) => {
    const at = String(Date.now() + state.tasks.length);
    const t: ClickupTask = { id: `86a${(++n).toString(36).padStart(4, '0')}`, name, description: '', status: 'to do', priority: null, listId, tags: [], due: null, date_created: at, date_updated: at, comments: [], ...extra };
    state.tasks.push(t);
    return t;
  };
  for (let i = 1; i <= 5; i++) add('901', `Existing task ${i}`);
  // A list longer than one page.
  for (let i = 1; i <= 120; i++) add('902', `Backlog item ${i}`);
  const out = (t: ClickupTask) => ({
    id: t.id,
    custom_id: null,
    name: t.name,
    text_content: t.description,
    description: t.description,
    status: { status: t.status, color: '#d3d3d3', type: t.status === 'complete' ? 'closed' : 'open', orderindex: 0 },
    priority: t.priority ? { id: String(t.priority), priority: priorityName[t.priority], color: '#f50000' } : null,
    date_created: t.date_created,
    date_updated: t.date_updated,
    due_date: t.due,
    tags: t.tags.map((name) => ({ name, tag_fg: '#000', tag_bg: '#fff' })),
    assignees: [],
    list: { id: t.listId, name: 'Backlog' },
    url: `https://app.clickup.com/t/${t.id}`,
  });
  const lists = new Set(['901', '902']);
  const err = (e: string, code: string) => ({ err: e, ECODE: code });

  const fake: ClickupFake = Object.assign(
    await startFakeService({
      readToken: (req) => (req.headers.authorization ?? '').replace(/^Bearer /i, '') || undefined,
      unauthorized: (reply) => reply.code(401).send(err('Oauth token not found', 'OAUTH_019')),
      routes(app) {
        app.get('/api/v2/user', async () => ({ user: { id: 1, username: 'Ada Lovelace', email: 'ada@example.com' } }));
        app.get('/api/v2/list/:list/task', async (req, reply) => {
          const list = (req.params as { list: string }).list;
          if (list === '999') return reply.code(401).send(err('Team not authorized', 'OAUTH_027'));
          if (!lists.has(list)) return reply.code(404).send(err('List not found', 'ITEM_015'));
          const q = req.query as { page?: string; order_by?: string; reverse?: string; include_closed?: string };
          if (q.order_by && !['id', 'created', 'updated', 'due_date'].includes(q.order_by)) return reply.code(400).send(err('Order by invalid', 'INPUT_006'));
          let tasks = state.tasks.filter((t) => t.listId === list && (q.include_closed === 'true' || t.status !== 'complete'));
          if (q.reverse === 'true') tasks = [...tasks].reverse();
          const page = Number(q.page ?? 0);
          const slice = tasks.slice(page * fake.pageCap, (page + 1) * fake.pageCap);
          return { tasks: slice.map(out), last_page: (page + 1) * fake.pageCap >= tasks.length };
        });
        app.post('/api/v2/list/:list/task', async (req, reply) => {
          const list = (req.params as { list: string }).list;
          if (!lists.has(list)) return reply.code(404).send(err('List not found', 'ITEM_015'));
          const b = (req.body ?? {}) as { name?: string; description?: string; priority?: number | null; tags?: string[]; due_date?: number; status?: string };
          if (!b.name) return reply.code(400).send(err('Task name invalid', 'INPUT_005'));
          if (b.priority !== undefined && b.priority !== null && ![1, 2, 3, 4].includes(b.priority)) return reply.code(400).send(err('Priority invalid', 'INPUT_003'));
          const t = add(list, b.name, { description: b.description ?? '', priority: (b.priority ?? null) as ClickupTask['priority'], tags: b.tags ?? [], due: b.due_date ? String(b.due_date) : null, status: b.status ?? 'to do' });
          return out(t);
        });
        app.get('/api/v2/task/:id', async (req, reply) => {
          const t = state.tasks.find((x) => x.id === (req.params as { id: string }).id);
          return t ? out(t) : reply.code(404).send(err('Task not found, deleted', 'ITEM_013'));
        });
        app.put('/api/v2/task/:id', async (req, reply) => {
          const t = state.tasks.find((x) => x.id === (req.params as { id: string }).id);
          if (!t) return reply.code(404).send(err('Task not found, deleted', 'ITEM_013'));
          const b = (req.body ?? {}) as { name?: string; description?: string; status?: string; priority?: number | null };
          if (b.name === '') return reply.code(400).send(err('Task name invalid', 'INPUT_005'));
          if (b.status && !['to do', 'in progress', 'complete'].includes(b.status)) return reply.code(400).send(err('Status does not exist', 'CRTSK_001'));
          Object.assign(t, { ...(b.name !== undefined ? { name: b.name } : {}), ...(b.description !== undefined ? { description: b.description } : {}), ...(b.status !== undefined ? { status: b.status } : {}), ...(b.priority !== undefined ? { priority: b.priority } : {}), date_updated: String(Date.now()) });
          return out(t);
        });
        app.post('/api/v2/task/:id/comment', async (req, reply) => {
          const t = state.tasks.find((x) => x.id === (req.params as { id: string }).id);
          if (!t) return reply.code(404).send(err('Task not found, deleted', 'ITEM_013'));
          const text = (req.body as { comment_text?: string }).comment_text;
          if (!text) return reply.code(400).send(err('Comment text invalid', 'INPUT_001'));
          t.comments.push(text);
          return { id: String(458 + t.comments.length), hist_id: 'h1', date: Date.now() };
        });
      },
    }),
    { ...state, addTask: (listId: string, name: string) => add(listId, name) },
  );
  return fake;
}
