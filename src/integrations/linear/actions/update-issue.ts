import { z } from 'zod';
import { issueOut, issueSelection, linear, linearGraphql, linearIssueSchema, toIssue } from '../service.js';

export const updateIssue = linear.operation({
  id: 'linear.update_issue',
  title: 'Update an issue',
  description: 'Changes the title, description, priority or state of a Linear issue.',
  aiDescription: 'Use to edit a Linear issue by id or identifier: title, description (Markdown), priority (0-4) or stateId (a workflow state id).',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ issueId: z.string().min(1).max(100), title: z.string().min(1).max(500).optional(), description: z.string().max(100_000).optional(), priority: z.number().int().min(0).max(4).optional(), stateId: z.string().min(1).optional() })
    .refine((v) => v.title !== undefined || v.description !== undefined || v.priority !== undefined || v.stateId !== undefined, { message: 'give title, description, priority or stateId to change', path: ['title'] }),
  output: issueOut,
  // GraphQL: every operation is a POST to the one endpoint.
  method: 'POST',
  async run({ client, signal }, input) {
    const { issueId, ...changes } = input;
    const d = await linearGraphql(
      client,
      { query: `mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { ${issueSelection} } } }`, variables: { id: issueId, input: changes }, signal, mutation: true },
      z.object({ issueUpdate: z.object({ success: z.boolean(), issue: linearIssueSchema }) }),
    );
    return toIssue(d.issueUpdate.issue);
  },
});
