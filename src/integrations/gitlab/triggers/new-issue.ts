import { z } from 'zod';
import { gitlab, glIssue, issueOut, projectInput, projectPath, toIssue } from '../service.js';

export const newIssue = gitlab.pollTrigger({
  id: 'gitlab.new_issue',
  title: 'New issue',
  description: 'Starts when an issue is opened in a GitLab project.',
  aiDescription: 'Use to triage new GitLab issues of one project. Polls the newest 100; the first poll only remembers the newest.',
  config: z.object(projectInput),
  event: issueOut,
  list: { path: ({ config }) => `${projectPath(config.project)}/issues`, query: () => ({ state: 'all', order_by: 'created_at', sort: 'desc', per_page: 100 }) },
  response: z.array(glIssue),
  items: (list) => list,
  // Global issue ids only grow (iids restart per project, ids do not).
  cursor: { style: 'increasing', key: (i) => i.id },
  toEvent: (i) => toIssue(i),
});
