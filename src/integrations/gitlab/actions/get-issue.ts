import { z } from 'zod';
import { gitlab, glIssue, issueOut, projectInput, projectPath, toIssue } from '../service.js';

export const getIssue = gitlab.operation({
  id: 'gitlab.get_issue',
  title: 'Get an issue',
  description: 'Reads one issue of a GitLab project by its number (iid).',
  aiDescription: 'Use to read a GitLab issue by its project-local number (iid, the #12 people see).',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...projectInput, iid: z.number().int().positive() }),
  output: issueOut,
  path: (i) => `${projectPath(i.project)}/issues/${i.iid}`,
  response: glIssue,
  map: toIssue,
});
