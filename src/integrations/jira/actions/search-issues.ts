import { z } from 'zod';
import { collect, cursorInQuery, paginate } from '../../http/index.js';
import { issueFields, issueOut, jira, jiraApi, jiraIssueSchema, siteInput, toIssue } from '../service.js';

export const searchPage = z.object({ issues: z.array(jiraIssueSchema).default([]), nextPageToken: z.string().nullish(), isLast: z.boolean().optional() }).loose();

export const searchIssues = jira.operation({
  id: 'jira.search_issues',
  title: 'Search issues (JQL)',
  description: 'Finds Jira issues with a JQL query.',
  aiDescription: 'Use to list or find Jira issues with JQL, e.g. `project = OPS AND status = "To Do" ORDER BY created DESC`. Returns up to limit issues.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ jql: z.string().min(1).max(4000), limit: z.number().int().min(1).max(1000).default(50), site: siteInput }),
  output: z.object({ issues: z.array(issueOut) }),
  method: 'GET',
  paginated: true,
  async run({ client, signal }, input) {
    const api = await jiraApi(client, signal, input.site);
    // GET /search/jql pages by nextPageToken (the startAt search was removed from Jira Cloud).
    const issues = await collect(paginate(client, { first: { path: `${api}/search/jql`, query: { jql: input.jql, fields: issueFields, maxResults: Math.min(input.limit, 100) }, signal }, schema: searchPage, items: (p) => p.issues, next: cursorInQuery('nextPageToken', (p) => (p.isLast ? undefined : p.nextPageToken)), maxItems: input.limit }));
    return { issues: issues.map(toIssue) };
  },
});
