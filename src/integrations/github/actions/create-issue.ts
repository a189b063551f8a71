import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { ghIssue, githubHeaders, repoInput, repoPath } from '../auth.js';

export const createIssue = defineIntegrationAction({
  id: 'github.create_issue',
  service: 'github',
  title: 'Create an issue',
  description: 'Opens an issue in a GitHub repository.',
  aiDescription: 'Use to file a bug or task in a GitHub repo (owner/repo). Labels and assignees must already exist in the repo.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ ...repoInput, title: z.string().min(1).max(256), body: z.string().max(65_536).optional(), labels: z.array(z.string()).default([]), assignees: z.array(z.string()).default([]) }),
  output: z.object({ number: z.number(), url: z.string(), state: z.string() }),
  async run({ client, signal }, input) {
    const i = await client.call({ method: 'POST', path: `${repoPath(input)}/issues`, headers: githubHeaders, json: { title: input.title, body: input.body, labels: input.labels, assignees: input.assignees }, signal }, ghIssue);
    return { number: i.number, url: i.html_url, state: i.state };
  },
});
