import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * GitLab REST v4 fake (docs.gitlab.com/api/rest): projects by numeric id or URL-encoded path (`acme%2Fapp`),
 * offset pages with `page`/`per_page` answered with `Link` (rel next/prev/first/last) and `X-Next-Page`/`X-Total`
 * headers; errors `{ message }` (`401 Unauthorized`, `404 Project Not Found`) or, for validation, `{ message:
 * { field: [problems] } }` and `{ error: 'title is missing' }`; 429 with Retry-After.
 */
export interface GitlabIssue {
  id: number;
  iid: number;
  project_id: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  labels: string[];
  created_at: string;
  updated_at: string;
}
export interface GitlabFake extends FakeService {
  issues: GitlabIssue[];
  notes: { iid: number; body: string }[];
  mergeRequests: { id: number; iid: number; title: string; state: string; source_branch: string; target_branch: string }[];
  /** Most items one page returns (GitLab: 100); tests lower it to page. */
  pageCap: number;
  /** An issue opened outside Atom (as a trigger would see it). */
  addIssue(title: string): GitlabIssue;
}

export async function startGitlabFake(): Promise<GitlabFake> {
  const project = { id: 42, path_with_namespace: 'acme/app', web_url: 'https://gitlab.com/acme/app' };
  const state = { issues: [] as GitlabIssue[], notes: [] as GitlabFake['notes'], mergeRequests: Array.from({ length: 3 }, (_, i) => ({ id: 500 + i, iid: i + 1, title: `MR ${i + 1}`, state: 'opened', source_branch: `feature-${i + 1}`, target_branch: 'main' })) };
  let nextId = 9000;
  const add = (title: string, description: string | null = null, labels: string[] = []) => {
    const at = new Date(Date.now() + state.issues.length).toISOString();
    const issue: GitlabIssue = { id: ++nextId, iid: state.issues.length + 1, project_id: 42, title, description, state: 'opened', labels, created_at: at, updated_at: at };
    state.issues.push(issue);
    return issue;
  };
  for (let i = 1; i <= 5; i++) add(`Existing issue ${i}`);
  const out = (i: GitlabIssue) => ({ ...i, web_url: `${project.web_url}/-/issues/${i.iid}`, author: { username: 'ada' }, assignees: [] });

  const fake: GitlabFake = Object.assign(
    await startFakeService({
      unauthorized: (reply) => reply.code(401).send({ message: '401 Unauthorized' }),
      routes(app, f) {
        const projectOk = (id: string) => id === '42' || decodeURIComponent(id) === 'acme/app';
        const notFound = { message: '404 Project Not Found' };
        const paged = <T>(req: { query: unknown; url: string }, reply: { header: (k: string, v: string) => unknown }, list: T[]) => {
          const q = req.query as { page?: string; per_page?: string };
          const per = Math.min(Number(q.per_page ?? 20), 100, fake.pageCap);
          const page = Math.max(1, Number(q.page ?? 1));
          const last = Math.max(1, Math.ceil(list.length / per));
          const url = (p: number) => {
            const u = new URL(req.url, f.url);
            u.searchParams.set('page', String(p));
            u.searchParams.set('per_page', String(per));
            return u.href;
          };
          const links = [...(page < last ? [`<${url(page + 1)}>; rel="next"`] : []), `<${url(1)}>; rel="first"`, `<${url(last)}>; rel="last"`];
          reply.header('link', links.join(', '));
          reply.header('x-next-page', page < last ? String(page + 1) : '');
          reply.header('x-page', String(page));
          reply.header('x-per-page', String(per));
          reply.header('x-total', String(list.length));
          return list.slice((page - 1) * per, page * per);
        };
        app.get('/api/v4/user', async () => ({ id: 1, username: 'ada', email: 'ada@example.com' }));
        app.get('/api/v4/projects/:id/issues', async (req, reply) => {
          const p = req.params as { id: string };
          if (p.id === '7') return reply.code(403).send({ message: '403 Forbidden' });
          if (!projectOk(p.id)) return reply.code(404).send(notFound);
          const q = req.query as { state?: string; search?: string; order_by?: string; sort?: string };
          if (q.state && !['opened', 'closed', 'all'].includes(q.state)) return reply.code(400).send({ error: 'state does not have a valid value' });
          let list = state.issues.filter((i) => (!q.state || q.state === 'all' || i.state === q.state) && (!q.search || `${i.title} ${i.description ?? ''}`.toLowerCase().includes(q.search.toLowerCase())));
          // GitLab's default order: created_at descending.
          list = q.sort === 'asc' ? list : [...list].reverse();
          return paged(req, reply, list.map(out));
        });
        app.get('/api/v4/projects/:id/issues/:iid', async (req, reply) => {
          const p = req.params as { id: string; iid: string };
          const i = projectOk(p.id) ? state.issues.find((x) => x.iid === Number(p.iid)) : undefined;
          return i ? out(i) : reply.code(404).send({ message: '404 Not found' });
        });
        app.post('/api/v4/projects/:id/issues', async (req, reply) => {
          const p = req.params as { id: string };
          if (p.id === '7') return reply.code(403).send({ message: '403 Forbidden' });
          if (!projectOk(p.id)) return reply.code(404).send(notFound);
          const b = (req.body ?? {}) as { title?: string; description?: string; labels?: string };
          if (b.title === undefined) return reply.code(400).send({ error: 'title is missing' });
          if (!b.title.trim()) return reply.code(400).send({ message: { title: ["can't be blank"] } });
          return reply.code(201).send(out(add(b.title, b.description ?? null, b.labels ? b.labels.split(',').filter(Boolean) : [])));
        });
        app.put('/api/v4/projects/:id/issues/:iid', async (req, reply) => {
          const p = req.params as { id: string; iid: string };
          const i = projectOk(p.id) ? state.issues.find((x) => x.iid === Number(p.iid)) : undefined;
          if (!i) return reply.code(404).send({ message: '404 Not found' });
          const b = (req.body ?? {}) as { title?: string; description?: string; labels?: string; state_event?: string };
          if (b.state_event && !['close', 'reopen'].includes(b.state_event)) return reply.code(400).send({ error: 'state_event does not have a valid value' });
          if (b.title !== undefined) i.title = b.title;
          if (b.description !== undefined) i.description = b.description;
          if (b.labels !== undefined) i.labels = b.labels.split(',').filter(Boolean);
          if (b.state_event) i.state = b.state_event === 'close' ? 'closed' : 'opened';
          i.updated_at = new Date().toISOString();
          return out(i);
        });
        app.post('/api/v4/projects/:id/issues/:iid/notes', async (req, reply) => {
          const p = req.params as { id: string; iid: string };
          const i = projectOk(p.id) ? state.issues.find((x) => x.iid === Number(p.iid)) : undefined;
          if (!i) return reply.code(404).send({ message: '404 Not found' });
          const body = (req.body as { body?: string }).body;
          if (!body) return reply.code(400).send({ error: 'body is missing' });
          state.notes.push({ iid: i.iid, body });
          return reply.code(201).send({ id: state.notes.length, body, noteable_iid: i.iid, created_at: new Date().toISOString() });
        });
        app.get('/api/v4/projects/:id/merge_requests', async (req, reply) => {
          const p = req.params as { id: string };
          if (!projectOk(p.id)) return reply.code(404).send(notFound);
          const q = req.query as { state?: string };
          return paged(req, reply, state.mergeRequests.filter((m) => !q.state || q.state === 'all' || m.state === q.state).map((m) => ({ ...m, web_url: `${project.web_url}/-/merge_requests/${m.iid}`, author: { username: 'ada' }, draft: false, created_at: '2026-01-01T00:00:00Z' })));
        });
      },
    }),
    { ...state, pageCap: 100, addIssue: (title: string) => add(title) },
  );
  return fake;
}
