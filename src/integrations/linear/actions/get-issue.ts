import { z } from 'zod';
import { issueOut, issueSelection, linear, linearGraphql, linearIssueSchema, toIssue } from '../service.js';

export const getIssue = linear.operation({
  id: 'linear.get_issue',
  title: 'Get an issue',
  description: 'Reads one Linear issue by id or identifier (ENG-12).',
  aiDescription: 'Use to read a Linear issue (title, description, state, priority, assignee) by its id or identifier such as ENG-12.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ issueId: z.string().min(1).max(100) }),
  output: issueOut,
  // GraphQL: every operation is a POST to the one endpoint.
  method: 'POST',
  async run({ client, signal }, input) {
    const d = await linearGraphql(client, { query: `query Issue($id: String!) { issue(id: $id) { ${issueSelection} } }`, variables: { id: input.issueId }, signal }, z.object({ issue: linearIssueSchema }));
    return toIssue(d.issue);
  },
});
