import { startFakeService, pageOf, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Asana API fake (developers.asana.com/reference): `{ data }` envelopes, errors `{ errors: [{ message }] }`; lists page
 * by `limit` + `offset` tokens answered as `next_page: { offset, path, uri }` (null on the last page); `opt_fields`
 * chooses the fields (compact records otherwise); search at `/workspaces/{gid}/tasks/search` (one page, by text).
 */
export interface AsanaTask {
  gid: string;
  name: string;
  notes?: string;
  projects?: string[];
  due_on?: string | null;
  completed?: boolean;
  created_at?: string;
}
export interface AsanaFake extends FakeService {
  tasks: AsanaTask[];
  /** Most tasks a page returns (Asana: limit ≤ 100); tests lower it to page. */
  pageCap: number;
  addTask(project: string, name: string): AsanaTask;
}

export async function startAsanaFake(): Promise<AsanaFake> {
  const state = { tasks: [] as AsanaTask[], pageCap: 100 };
  let n = 0;
  const add = (t: Omit<AsanaTask, 'gid' | 'created_at'>) => {
    const task: AsanaTask = { gid: String(1000 + n), created_at: new Date(Date.now() + n).toISOString(), completed: false, due_on: null, ...t };
    n++;
    state.tasks.push(task);
    return task;
  };
  const full = (t: AsanaTask) => ({ ...t, resource_type: 'task', notes: t.notes ?? '', permalink_url: `https://app.asana.com/0/0/${t.gid}`, memberships: (t.projects ?? []).map((p) => ({ project: { gid: p } })) });
  const pick = (t: AsanaTask, optFields: string | undefined) => (optFields ? Object.fromEntries(Object.entries(full(t)).filter(([k]) => k === 'gid' || optFields.split(',').some((f) => f === k || f.startsWith(`${k}.`)))) : { gid: t.gid, name: t.name, resource_type: 'task' });
  const notFound = (gid: string) => ({ errors: [{ message: `task: Unknown object: ${gid}`, help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors' }] });
  const fake: AsanaFake = Object.assign(
    await startFakeService({
      unauthorized: (reply) => reply.code(401).send({ errors: [{ message: 'Not Authorized' }] }),
      routes(app, f) {
        app.get('/api/1.0/users/me', async () => ({ data: { gid: '1', email: 'me@example.com', name: 'Me' } }));
        app.post('/api/1.0/tasks', async (req, reply) => {
          const d = (req.body as { data?: AsanaTask & { workspace?: string } }).data;
          if (!d?.name) return reply.code(400).send({ errors: [{ message: 'name: Missing input', help: 'For more information on API status codes…' }] });
          if (d.projects?.includes('999')) return reply.code(404).send({ errors: [{ message: 'project: Unknown object: 999' }] });
          const t = add({ name: d.name, ...(d.notes ? { notes: d.notes } : {}), ...(d.projects ? { projects: d.projects } : {}), ...(d.due_on ? { due_on: d.due_on } : {}) });
          return reply.code(201).send({ data: full(t) });
        });
        app.get('/api/1.0/tasks', async (req, reply) => {
          const q = req.query as { project?: string; limit?: string; offset?: string; opt_fields?: string };
          if (!q.project) return reply.code(400).send({ errors: [{ message: 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace' }] });
          if (q.project === '403') return reply.code(403).send({ errors: [{ message: 'You do not have access to this project.' }] });
          if (q.limit && (Number(q.limit) < 1 || Number(q.limit) > 100)) return reply.code(400).send({ errors: [{ message: 'limit: Must be between 1 and 100' }] });
          const list = state.tasks.filter((t) => t.projects?.includes(q.project!));
          const offset = q.offset ? Number(Buffer.from(q.offset, 'base64url').toString()) : 0;
          const { page, next } = pageOf(list, offset, Math.min(Number(q.limit ?? 100), fake.pageCap));
          const token = next !== undefined ? Buffer.from(String(next)).toString('base64url') : undefined;
          return { data: page.map((t) => pick(t, q.opt_fields)), next_page: token ? { offset: token, path: `/tasks?project=${q.project}&limit=${q.limit ?? 100}&offset=${token}`, uri: `${f.url}/api/1.0/tasks?project=${q.project}&limit=${q.limit ?? 100}&offset=${token}` } : null };
        });
        app.get('/api/1.0/tasks/:gid', async (req, reply) => {
          const gid = (req.params as { gid: string }).gid;
          const t = state.tasks.find((x) => x.gid === gid);
          return t ? { data: full(t) } : reply.code(404).send(notFound(gid));
        });
        app.put('/api/1.0/tasks/:gid', async (req, reply) => {
          const gid = (req.params as { gid: string }).gid;
          const t = state.tasks.find((x) => x.gid === gid);
          if (!t) return reply.code(404).send(notFound(gid));
          const d = (req.body as { data?: Partial<AsanaTask> }).data ?? {};
          if (d.name === '') return reply.code(400).send({ errors: [{ message: 'name: Cannot be empty' }] });
          Object.assign(t, Object.fromEntries(Object.entries(d).filter(([k, v]) => ['name', 'notes', 'completed', 'due_on'].includes(k) && v !== undefined)));
          return { data: full(t) };
        });
        app.get('/api/1.0/workspaces/:ws/tasks/search', async (req, reply) => {
          const q = req.query as { text?: string; 'projects.any'?: string; opt_fields?: string; limit?: string };
          if ((req.params as { ws: string }).ws !== '1') return reply.code(404).send({ errors: [{ message: 'workspace: Unknown object' }] });
          const text = (q.text ?? '').toLowerCase();
          const hits = state.tasks.filter((t) => (!text || `${t.name} ${t.notes ?? ''}`.toLowerCase().includes(text)) && (!q['projects.any'] || t.projects?.includes(q['projects.any'])));
          return { data: hits.slice(0, Number(q.limit ?? 100)).map((t) => pick(t, q.opt_fields)) };
        });
      },
    }),
    { ...state, addTask: (project: string, name: string) => add({ name, projects: [project] }) },
  );
  return fake;
}
