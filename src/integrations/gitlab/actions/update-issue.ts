import { z } from 'zod';
import { gitlab, glIssue, issueOut, projectInput, projectPath, toIssue } from '../service.js';

export const updateIssue = gitlab.operation({
  id: 'gitlab.update_issue',
  title: 'Update an issue',
  description: 'Changes, closes or reopens a GitLab issue.',
  aiDescription: 'Use to edit a GitLab issue by iid: title, description, labels (replace), or state "close"/"reopen".',
  idempotent: true,
  sideEffect: true,
  input: z
    .object({ ...projectInput, iid: z.number().int().positive(), title: z.string().min(1).max(255).optional(), description: z.string().max(1_000_000).optional(), labels: z.array(z.string().min(1).regex(/^[^,]+$/, { error: 'a label has no commas' })).optional(), state: z.enum(['close', 'reopen']).optional() })
    .refine((v) => v.title !== undefined || v.description !== undefined || v.labels !== undefined || v.state !== undefined, { message: 'give title, description, labels or state to change', path: ['title'] }),
  output: issueOut,
  method: 'PUT',
  path: (i) => `${projectPath(i.project)}/issues/${i.iid}`,
  body: (i) => ({ title: i.title, description: i.description, ...(i.labels ? { labels: i.labels.join(',') } : {}), ...(i.state ? { state_event: i.state } : {}) }),
  response: glIssue,
  map: toIssue,
});
