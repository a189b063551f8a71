import { z } from 'zod';
import { defineIntegrationTrigger } from '../../pieces.js';
import { ghIssue, githubHeaders, repoInput, repoPath } from '../auth.js';

export const newIssue = defineIntegrationTrigger({
  id: 'github.new_issue',
  service: 'github',
  title: 'New issue',
  description: 'Starts when an issue is opened in a repository.',
  aiDescription: 'Use to triage new GitHub issues. Pull requests are not included. Polls; the first poll only remembers the newest issue.',
  kind: 'poll',
  config: z.object(repoInput),
  event: z.object({ number: z.number(), title: z.string(), url: z.string(), author: z.string().nullable(), body: z.string(), createdAt: z.string() }),
  async poll({ client, signal }, config, cursor) {
    const list = await client.call({ path: `${repoPath(config)}/issues`, headers: githubHeaders, query: { state: 'all', sort: 'created', direction: 'desc', per_page: 50 }, signal }, z.array(ghIssue));
    // The issues endpoint also returns pull requests (docs.github.com/rest/issues/issues#list-repository-issues).
    const issues = list.filter((i) => i.pull_request === undefined);
    const last = typeof cursor?.['lastNumber'] === 'number' ? cursor['lastNumber'] : undefined;
    const newest = issues.reduce((m, i) => Math.max(m, i.number), last ?? 0);
    if (last === undefined) return { events: [], cursor: { lastNumber: newest } };
    const fresh = issues.filter((i) => i.number > last).sort((a, b) => a.number - b.number);
    return { events: fresh.map((i) => ({ number: i.number, title: i.title, url: i.html_url, author: i.user?.login ?? null, body: i.body ?? '', createdAt: i.created_at })), cursor: { lastNumber: newest } };
  },
});
