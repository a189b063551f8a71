import { z } from 'zod';
import { gitlab, projectInput, projectPath } from '../service.js';

export const addComment = gitlab.operation({
  id: 'gitlab.add_comment',
  title: 'Comment on an issue',
  description: 'Adds a comment (note) to a GitLab issue.',
  aiDescription: 'Use to reply on a GitLab issue by iid with Markdown text.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ ...projectInput, iid: z.number().int().positive(), body: z.string().min(1).max(1_000_000) }),
  output: z.object({ id: z.number() }),
  method: 'POST',
  path: (i) => `${projectPath(i.project)}/issues/${i.iid}/notes`,
  body: (i) => ({ body: i.body }),
  response: z.object({ id: z.number() }).loose(),
  map: (n) => ({ id: n.id }),
});
