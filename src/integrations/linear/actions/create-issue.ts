import { z } from 'zod';
import { issueOut, issueSelection, linear, linearGraphql, linearIssueSchema, toIssue } from '../service.js';

export const createIssue = linear.operation({
  id: 'linear.create_issue',
  title: 'Create an issue',
  description: 'Creates an issue in a Linear team.',
  aiDescription: 'Use to file an issue in Linear for a team (teamId). Description is Markdown; priority 0 none, 1 urgent … 4 low.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ teamId: z.string().min(1).max(100), title: z.string().min(1).max(500), description: z.string().max(100_000).optional(), priority: z.number().int().min(0).max(4).optional() }),
  output: issueOut,
  // GraphQL: every operation is a POST to the one endpoint.
  method: 'POST',
  async run({ client, signal }, input) {
    const d = await linearGraphql(
      client,
      { query: `mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${issueSelection} } } }`, variables: { input: { teamId: input.teamId, title: input.title, description: input.description, priority: input.priority } }, signal, mutation: true },
      z.object({ issueCreate: z.object({ success: z.boolean(), issue: linearIssueSchema }) }),
    );
    return toIssue(d.issueCreate.issue);
  },
});
