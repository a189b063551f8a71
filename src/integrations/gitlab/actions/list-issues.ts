import { z } from 'zod';
import { gitlab, glIssue, issueOut, projectInput, projectPath, toIssue } from '../service.js';

export const listIssues = gitlab.operation({
  id: 'gitlab.list_issues',
  title: 'List or search issues',
  description: 'Lists the issues of a GitLab project, optionally only those matching words.',
  aiDescription: 'Use to list (state opened/closed/all) or search (search: words in title or description) the issues of a GitLab project, newest first.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...projectInput, state: z.enum(['opened', 'closed', 'all']).default('opened'), search: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(1000).default(100) }),
  output: z.object({ issues: z.array(issueOut) }),
  path: (i) => `${projectPath(i.project)}/issues`,
  query: (i) => ({ state: i.state, search: i.search, order_by: 'created_at', sort: 'desc', per_page: Math.min(i.limit, 100) }),
  response: z.array(glIssue),
  paginate: { style: 'link', items: (p) => p },
  maxItems: (i) => i.limit,
  map: (items) => ({ issues: items.map(toIssue) }),
});
