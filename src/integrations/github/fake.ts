import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * GitHub REST fake (docs.github.com/rest): `Link: <…>; rel="next"` paging with per_page/page, errors as
 * `{ message, documentation_url }`, 401 "Bad credentials", 422 validation errors, secondary rate limit 403 +
 * Retry-After. The issues list includes pull requests (with a `pull_request` key), as the real one does.
 */
export interface GithubFake extends FakeService {
  issues: { number: number; title: string; body: string; state: string; pull_request?: object; created_at: string }[];
  comments: { number: number; body: string }[];
}

const docs = 'https://docs.github.com/rest';

export async function startGithubFake(): Promise<GithubFake> {
  const state = {
    issues: Array.from({ length: 5 }, (_, i) => ({ number: i + 1, title: i % 2 ? `PR ${i + 1}` : `Issue ${i + 1}`, body: '', state: 'open', ...(i % 2 ? { pull_request: { url: 'x' } } : {}), created_at: `2026-01-0${i + 1}T00:00:00Z` })),
    comments: [] as GithubFake['comments'],
  };
  const fake: GithubFake = Object.assign(
    await startFakeService({
      tokenPath: '/login/oauth/access_token',
      unauthorized: (reply) => reply.code(401).send({ message: 'Bad credentials', documentation_url: docs, status: '401' }),
      routes(app) {
        const repoOk = (p: { owner: string; repo: string }) => p.owner === 'acme' && p.repo === 'app';
        app.get('/user', async () => ({ login: 'octo', id: 1 }));
        app.post('/repos/:owner/:repo/issues', async (req, reply) => {
          const p = req.params as { owner: string; repo: string };
          if (!repoOk(p)) return reply.code(404).send({ message: 'Not Found', documentation_url: docs });
          const b = req.body as { title?: string; body?: string };
          if (!b.title) return reply.code(422).send({ message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], documentation_url: docs });
          const issue = { number: state.issues.length + 1, title: b.title, body: b.body ?? '', state: 'open', created_at: new Date().toISOString() };
          state.issues.push(issue);
          return reply.code(201).send({ ...issue, html_url: `https://github.com/acme/app/issues/${issue.number}`, user: { login: 'octo' } });
        });
        app.get('/repos/:owner/:repo/issues', async (req, reply) => {
          if (!repoOk(req.params as { owner: string; repo: string })) return reply.code(404).send({ message: 'Not Found', documentation_url: docs });
          return [...state.issues].sort((a, b) => b.number - a.number).map((i) => ({ ...i, html_url: `https://github.com/acme/app/issues/${i.number}`, user: { login: 'octo' } }));
        });
        app.post('/repos/:owner/:repo/issues/:n/comments', async (req, reply) => {
          const n = Number((req.params as { n: string }).n);
          if (!state.issues.some((i) => i.number === n)) return reply.code(404).send({ message: 'Not Found', documentation_url: docs });
          state.comments.push({ number: n, body: (req.body as { body: string }).body });
          return reply.code(201).send({ id: state.comments.length, html_url: `https://github.com/acme/app/issues/${n}#issuecomment-${state.comments.length}`, body: (req.body as { body: string }).body });
        });
        app.get('/repos/:owner/:repo/pulls', async (req, reply) => {
          const q = req.query as { per_page?: string; page?: string };
          const prs = Array.from({ length: 5 }, (_, i) => ({ number: 100 + i, title: `PR ${i}`, state: 'open', draft: i === 0, html_url: `https://github.com/acme/app/pull/${100 + i}`, user: { login: 'octo' }, created_at: '2026-01-01T00:00:00Z', head: { ref: `f${i}` }, base: { ref: 'main' } }));
          const per = Math.min(Number(q.per_page ?? 30), 2);
          const page = Number(q.page ?? 1);
          const slice = prs.slice((page - 1) * per, page * per);
          const last = Math.ceil(prs.length / per);
          if (page < last) reply.header('link', `<${fake.url}/repos/acme/app/pulls?per_page=${per}&page=${page + 1}>; rel="next", <${fake.url}/repos/acme/app/pulls?per_page=${per}&page=${last}>; rel="last"`);
          return slice;
        });
      },
    }),
    state,
  );
  return fake;
}
