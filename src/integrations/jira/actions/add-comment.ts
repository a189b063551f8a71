import { z } from 'zod';
import { issueKey, jira, jiraApi, siteInput, toAdf } from '../service.js';

export const addComment = jira.operation({
  id: 'jira.add_comment',
  title: 'Comment on an issue',
  description: 'Adds a comment to a Jira issue.',
  aiDescription: 'Use to reply on a Jira issue by key with plain text.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ issueKey, body: z.string().min(1).max(32_000), site: siteInput }),
  output: z.object({ id: z.string() }),
  method: 'POST',
  async run({ client, signal }, input) {
    const api = await jiraApi(client, signal, input.site);
    const c = await client.call({ method: 'POST', path: `${api}/issue/${encodeURIComponent(input.issueKey)}/comment`, json: { body: toAdf(input.body) }, signal }, z.object({ id: z.string() }).loose());
    return { id: c.id };
  },
});
