import { z } from 'zod';
import { defineIntegrationTrigger } from '../../pieces.js';
import { issueOut, issueSelection, linearPages, toIssue } from '../service.js';

export const newIssue = defineIntegrationTrigger({
  id: 'linear.new_issue',
  service: 'linear',
  title: 'New issue',
  description: 'Starts when an issue is created in a Linear team.',
  aiDescription: 'Use to react to new Linear issues in one team (teamId). Polls; the first poll only remembers the time.',
  kind: 'poll',
  config: z.object({ teamId: z.string().min(1).max(100) }),
  event: issueOut,
  async poll({ client, signal }, config, cursor) {
    const since = typeof cursor?.['since'] === 'string' ? cursor['since'] : undefined;
    // First poll: start from now, so issues that already exist start nothing.
    if (!since) return { events: [], cursor: { since: new Date().toISOString() } };
    const nodes = await linearPages(client, {
      query: `query NewIssues($filter: IssueFilter, $first: Int, $after: String) { issues(filter: $filter, first: $first, after: $after) { nodes { ${issueSelection} } pageInfo { hasNextPage endCursor } } }`,
      field: 'issues',
      variables: { filter: { team: { id: { eq: config.teamId } }, createdAt: { gt: since } } },
      limit: 500,
      signal,
    });
    const fresh = [...nodes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { events: fresh.map(toIssue), cursor: { since: fresh.at(-1)?.createdAt ?? since } };
  },
});
