import { z } from 'zod';
import { defineIntegrationAction } from '../../pieces.js';
import { githubHeaders, repoInput, repoPath } from '../auth.js';

export const addComment = defineIntegrationAction({
  id: 'github.add_comment',
  service: 'github',
  title: 'Comment on an issue or pull request',
  description: 'Adds a comment to a GitHub issue or pull request.',
  aiDescription: 'Use to reply on an issue or pull request by its number (pull requests share the issue comment API).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ ...repoInput, number: z.number().int().positive(), body: z.string().min(1).max(65_536) }),
  output: z.object({ id: z.number(), url: z.string() }),
  async run({ client, signal }, input) {
    const c = await client.call({ method: 'POST', path: `${repoPath(input)}/issues/${input.number}/comments`, headers: githubHeaders, json: { body: input.body }, signal }, z.object({ id: z.number(), html_url: z.string() }).loose());
    return { id: c.id, url: c.html_url };
  },
});
