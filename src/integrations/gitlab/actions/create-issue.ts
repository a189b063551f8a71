import { z } from 'zod';
import { gitlab, glIssue, issueOut, projectInput, projectPath, toIssue } from '../service.js';

export const createIssue = gitlab.operation({
  id: 'gitlab.create_issue',
  title: 'Create an issue',
  description: 'Opens an issue in a GitLab project.',
  aiDescription: 'Use to file a bug or task in a GitLab project (id or path such as acme/app). Description is Markdown; labels are created if missing.',
  idempotent: false,
  sideEffect: true,
  input: z.object({ ...projectInput, title: z.string().min(1).max(255), description: z.string().max(1_000_000).optional(), labels: z.array(z.string().min(1).regex(/^[^,]+$/, { error: 'a label has no commas' })).default([]) }),
  output: issueOut,
  method: 'POST',
  path: (i) => `${projectPath(i.project)}/issues`,
  body: (i) => ({ title: i.title, description: i.description, ...(i.labels.length ? { labels: i.labels.join(',') } : {}) }),
  response: glIssue,
  map: toIssue,
});
