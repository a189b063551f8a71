import { z } from 'zod';
import { jira, jiraApi, projectKey, siteInput, toAdf } from '../service.js';

export const createIssue = jira.operation({
  id: 'jira.create_issue',
  title: 'Create an issue',
  description: 'Creates an issue (task, bug, story) in a Jira project.',
  aiDescription: 'Use to file a task or bug in Jira (projectKey such as OPS). The description is plain text (turned into Jira’s document format). Use jira.update_issue to change an existing one.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ projectKey, summary: z.string().min(1).max(255), description: z.string().max(32_000).optional(), issueType: z.string().min(1).max(60).default('Task'), labels: z.array(z.string().regex(/^\S+$/, { error: 'a label has no spaces' })).default([]), site: siteInput }),
  output: z.object({ id: z.string(), key: z.string(), url: z.string() }),
  method: 'POST',
  async run({ client, signal }, input) {
    const api = await jiraApi(client, signal, input.site);
    const fields = { project: { key: input.projectKey }, summary: input.summary, issuetype: { name: input.issueType }, ...(input.description ? { description: toAdf(input.description) } : {}), ...(input.labels.length ? { labels: input.labels } : {}) };
    const r = await client.call({ method: 'POST', path: `${api}/issue`, json: { fields }, signal }, z.object({ id: z.string(), key: z.string(), self: z.string() }).loose());
    return { id: r.id, key: r.key, url: r.self };
  },
});
