import { z } from 'zod';
import { gitlab, projectInput, projectPath } from '../service.js';

const mr = z.object({ iid: z.number(), title: z.string(), state: z.string(), web_url: z.string(), source_branch: z.string(), target_branch: z.string(), draft: z.boolean().optional(), author: z.object({ username: z.string() }).loose().nullish(), created_at: z.string() }).loose();

export const listMergeRequests = gitlab.operation({
  id: 'gitlab.list_merge_requests',
  title: 'List merge requests',
  description: 'Lists the merge requests of a GitLab project.',
  aiDescription: 'Use to see open (or merged/closed/all) merge requests of a GitLab project.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...projectInput, state: z.enum(['opened', 'merged', 'closed', 'all']).default('opened'), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ mergeRequests: z.array(z.object({ iid: z.number(), title: z.string(), state: z.string(), url: z.string(), source: z.string(), target: z.string(), draft: z.boolean(), author: z.string().nullable(), createdAt: z.string() })) }),
  path: (i) => `${projectPath(i.project)}/merge_requests`,
  query: (i) => ({ state: i.state, per_page: Math.min(i.limit, 100) }),
  response: z.array(mr),
  paginate: { style: 'link', items: (p) => p },
  maxItems: (i) => i.limit,
  map: (items) => ({ mergeRequests: items.map((m) => ({ iid: m.iid, title: m.title, state: m.state, url: m.web_url, source: m.source_branch, target: m.target_branch, draft: m.draft ?? false, author: m.author?.username ?? null, createdAt: m.created_at })) }),
});
