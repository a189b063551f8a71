import { z } from 'zod';
import { issueOut, issueSelection, linear, linearPages, toIssue } from '../service.js';

export const searchIssues = linear.operation({
  id: 'linear.search_issues',
  title: 'Search issues',
  description: 'Finds Linear issues by words in their title or description.',
  aiDescription: 'Use to find Linear issues by text (term). Returns up to limit issues.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ term: z.string().min(1).max(500), limit: z.number().int().min(1).max(250).default(25) }),
  output: z.object({ issues: z.array(issueOut) }),
  // GraphQL: every operation is a POST to the one endpoint.
  method: 'POST',
  paginated: true,
  async run({ client, signal }, input) {
    const nodes = await linearPages(client, { query: `query Search($term: String!, $first: Int, $after: String) { searchIssues(term: $term, first: $first, after: $after) { nodes { ${issueSelection} } pageInfo { hasNextPage endCursor } } }`, field: 'searchIssues', variables: { term: input.term }, limit: input.limit, signal });
    return { issues: nodes.map(toIssue) };
  },
});
