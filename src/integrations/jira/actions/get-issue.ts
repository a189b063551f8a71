import { z } from 'zod';
import { issueFields, issueKey, issueOut, jira, jiraApi, jiraIssueSchema, siteInput, toIssue } from '../service.js';

export const getIssue = jira.operation({
  id: 'jira.get_issue',
  title: 'Get an issue',
  description: 'Reads one Jira issue by its key.',
  aiDescription: 'Use to read a Jira issue (summary, description as text, status, type, assignee, labels) by key such as OPS-12.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ issueKey, site: siteInput }),
  output: issueOut,
  method: 'GET',
  async run({ client, signal }, input) {
    const api = await jiraApi(client, signal, input.site);
    return toIssue(await client.call({ path: `${api}/issue/${encodeURIComponent(input.issueKey)}`, query: { fields: issueFields }, signal }, jiraIssueSchema));
  },
});
