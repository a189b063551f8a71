import type { FastifyReply } from 'fastify';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Bitbucket Cloud REST 2.0 fake (developer.atlassian.com/cloud/bitbucket/rest) under /2.0: pull requests of
 * `repositories/{workspace}/{repo_slug}/pullrequests`, paged `{ pagelen, size, page, values, next }` with an
 * absolute `next` URL (pagelen ≤ 50), `state` and `sort=-id`, create (POST → 201) and update (PUT), errors
 * `{ type: 'error', error: { message, detail? } }` (401, 404, 400), 429 with Retry-After.
 */
export interface BbPr {
  type: 'pullrequest';
  id: number;
  title: string;
  description: string;
  state: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  author: { display_name: string };
  source: { branch: { name: string } };
  destination: { branch: { name: string } };
  close_source_branch: boolean;
  created_on: string;
  updated_on: string;
  links: { html: { href: string } };
}
export interface BitbucketFake extends FakeService {
  prs: BbPr[];
  open(title: string, source: string, extra?: Partial<BbPr>): BbPr;
}
export const WORKSPACE = 'acme';
export const REPO = 'web-app';
const BRANCHES = new Set(['main', 'develop', 'feature/login', 'feature/search']);

const fail = (reply: FastifyReply, status: number, message: string, detail?: string) => reply.code(status).send({ type: 'error', error: { message, ...(detail ? { detail } : {}) } });

export async function startBitbucketFake(): Promise<BitbucketFake> {
  const prs: BbPr[] = [];
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const now = () => new Date((clock += 1000)).toISOString().replace('Z', '000+00:00');
  const open = (title: string, source: string, extra: Partial<BbPr> = {}): BbPr => {
    const id = prs.length + 1;
    const at = now();
    const p: BbPr = { type: 'pullrequest', id, title, description: '', state: 'OPEN', author: { display_name: 'Ada Lovelace' }, source: { branch: { name: source } }, destination: { branch: { name: 'main' } }, close_source_branch: false, created_on: at, updated_on: at, links: { html: { href: `https://bitbucket.org/${WORKSPACE}/${REPO}/pull-requests/${id}` } }, ...extra };
    prs.push(p);
    return p;
  };
  const base = `/2.0/repositories/${WORKSPACE}/${REPO}/pullrequests`;
  const repoOk = (p: { ws: string; repo: string }) => p.ws === WORKSPACE && p.repo === REPO;

  const fake: FakeService = await startFakeService({
    unauthorized: (reply) => fail(reply, 401, 'Access token expired.'),
    routes(app) {
      app.get('/2.0/user', async () => ({ type: 'user', username: 'ada', display_name: 'Ada Lovelace', uuid: '{u1}' }));
      app.get('/2.0/repositories/:ws/:repo/pullrequests', async (req, reply) => {
        if (!repoOk(req.params as { ws: string; repo: string })) return fail(reply, 404, 'Repository not found');
        const q = req.query as Record<string, string>;
        const pagelen = Number(q['pagelen'] ?? 10);
        const page = Number(q['page'] ?? 1);
        if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > 50) return fail(reply, 400, 'Invalid pagelen');
        const states = q['state'] ? [q['state']] : ['OPEN'];
        let all = prs.filter((p) => states.includes(p.state));
        if (q['sort'] === '-id') all = [...all].reverse();
        const values = all.slice((page - 1) * pagelen, page * pagelen);
        const more = page * pagelen < all.length;
        const next = new URLSearchParams({ ...q, page: String(page + 1) });
        return { pagelen, size: all.length, page, values, ...(more ? { next: `${fake.url}${base}?${next.toString()}` } : {}) };
      });
      app.get('/2.0/repositories/:ws/:repo/pullrequests/:id', async (req, reply) => {
        const p = req.params as { ws: string; repo: string; id: string };
        const pr = repoOk(p) ? prs.find((x) => String(x.id) === p.id) : undefined;
        return pr ?? fail(reply, 404, `No such pull request: ${p.id}`);
      });
      app.post('/2.0/repositories/:ws/:repo/pullrequests', async (req, reply) => {
        if (!repoOk(req.params as { ws: string; repo: string })) return fail(reply, 404, 'Repository not found');
        const b = (req.body ?? {}) as Partial<BbPr>;
        if (!b.title) return fail(reply, 400, 'title: This field is required.');
        const src = b.source?.branch?.name;
        if (!src || !BRANCHES.has(src)) return fail(reply, 400, 'source: Branch not found', src ?? '');
        const dest = b.destination?.branch?.name ?? 'main';
        if (!BRANCHES.has(dest)) return fail(reply, 400, 'destination: Branch not found', dest);
        return reply.code(201).send(open(b.title, src, { description: b.description ?? '', destination: { branch: { name: dest } }, close_source_branch: b.close_source_branch ?? false }));
      });
      app.put('/2.0/repositories/:ws/:repo/pullrequests/:id', async (req, reply) => {
        const p = req.params as { ws: string; repo: string; id: string };
        const pr = repoOk(p) ? prs.find((x) => String(x.id) === p.id) : undefined;
        if (!pr) return fail(reply, 404, `No such pull request: ${p.id}`);
        if (pr.state !== 'OPEN') return fail(reply, 400, 'Only open pull requests can be updated.');
        const b = (req.body ?? {}) as Partial<BbPr>;
        const dest = b.destination?.branch?.name;
        if (dest !== undefined && !BRANCHES.has(dest)) return fail(reply, 400, 'destination: Branch not found', dest);
        if (b.title !== undefined) pr.title = b.title;
        if (b.description !== undefined) pr.description = b.description;
        if (dest) pr.destination = { branch: { name: dest } };
        pr.updated_on = now();
        return pr;
      });
    },
  });
  return Object.assign(fake, { prs, open });
}
