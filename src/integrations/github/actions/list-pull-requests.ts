import { z } from 'zod';
import { collect, linkHeaderNext, paginate } from '../../http/index.js';
import { defineIntegrationAction } from '../../pieces.js';
import { githubHeaders, repoInput, repoPath } from '../auth.js';

const pr = z.object({ number: z.number(), title: z.string(), html_url: z.string(), state: z.string(), draft: z.boolean().optional(), user: z.object({ login: z.string() }).loose().nullish(), created_at: z.string(), head: z.object({ ref: z.string() }).loose(), base: z.object({ ref: z.string() }).loose() }).loose();

export const listPullRequests = defineIntegrationAction({
  id: 'github.list_pull_requests',
  service: 'github',
  title: 'List pull requests',
  description: 'Lists pull requests of a GitHub repository.',
  aiDescription: 'Use to see open (or closed/all) pull requests of a repo, newest first.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...repoInput, state: z.enum(['open', 'closed', 'all']).default('open'), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ pullRequests: z.array(z.object({ number: z.number(), title: z.string(), url: z.string(), state: z.string(), draft: z.boolean(), author: z.string().nullable(), head: z.string(), base: z.string(), createdAt: z.string() })) }),
  async run({ client, signal }, input) {
    const prs = await collect(paginate(client, { first: { path: `${repoPath(input)}/pulls`, headers: githubHeaders, query: { state: input.state, per_page: 100 }, signal }, schema: z.array(pr), items: (p) => p, next: linkHeaderNext(), maxItems: input.limit }));
    return { pullRequests: prs.map((p) => ({ number: p.number, title: p.title, url: p.html_url, state: p.state, draft: p.draft ?? false, author: p.user?.login ?? null, head: p.head.ref, base: p.base.ref, createdAt: p.created_at })) };
  },
});
