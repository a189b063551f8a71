import { z } from 'zod';
import { issueKey, jira, jiraApi, siteInput, toAdf } from '../service.js';

export const updateIssue = jira.operation({
  id: 'jira.update_issue',
  title: 'Update an issue',
  description: 'Changes the summary, description or labels of a Jira issue.',
  aiDescription: 'Use to edit an existing Jira issue by key: new summary, description (plain text, replaces the old one) or labels (replace the old ones). Status changes need a workflow transition, which this does not do.',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ issueKey, summary: z.string().min(1).max(255).optional(), description: z.string().max(32_000).optional(), labels: z.array(z.string().regex(/^\S+$/, { error: 'a label has no spaces' })).optional(), site: siteInput })
    .refine((v) => v.summary !== undefined || v.description !== undefined || v.labels !== undefined, { message: 'give summary, description or labels to change', path: ['summary'] }),
  output: z.object({ key: z.string(), updated: z.boolean() }),
  method: 'PUT',
  async run({ client, signal }, input) {
    const api = await jiraApi(client, signal, input.site);
    const fields = { ...(input.summary !== undefined ? { summary: input.summary } : {}), ...(input.description !== undefined ? { description: toAdf(input.description) } : {}), ...(input.labels !== undefined ? { labels: input.labels } : {}) };
    await client.request({ method: 'PUT', path: `${api}/issue/${encodeURIComponent(input.issueKey)}`, json: { fields }, signal });
    return { key: input.issueKey, updated: true };
  },
});
