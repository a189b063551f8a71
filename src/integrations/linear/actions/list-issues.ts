import { z } from 'zod';
import { issueOut, issueSelection, linear, linearPages, toIssue } from '../service.js';

export const listIssues = linear.operation({
  id: 'linear.list_issues',
  title: 'List issues',
  description: 'Lists the issues of a Linear team.',
  aiDescription: 'Use to list the issues of one Linear team (teamId), up to limit. Use linear.search_issues to find issues by words.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ teamId: z.string().min(1).max(100), limit: z.number().int().min(1).max(1000).default(50) }),
  output: z.object({ issues: z.array(issueOut) }),
  // GraphQL: every operation is a POST to the one endpoint.
  method: 'POST',
  paginated: true,
  async run({ client, signal }, input) {
    const nodes = await linearPages(client, { query: `query Issues($filter: IssueFilter, $first: Int, $after: String) { issues(filter: $filter, first: $first, after: $after) { nodes { ${issueSelection} } pageInfo { hasNextPage endCursor } } }`, field: 'issues', variables: { filter: { team: { id: { eq: input.teamId } } } }, limit: input.limit, signal });
    return { issues: nodes.map(toIssue) };
  },
});
