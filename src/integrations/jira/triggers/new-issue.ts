import { z } from 'zod';
import { defineIntegrationTrigger } from '../../pieces.js';
import { issueFields, issueOut, jiraApi, projectKey, siteInput, toIssue } from '../service.js';
import { searchPage } from '../actions/search-issues.js';

export const newIssue = defineIntegrationTrigger({
  id: 'jira.new_issue',
  service: 'jira',
  title: 'New issue',
  description: 'Starts when an issue is created in a Jira project.',
  aiDescription: 'Use to react to new Jira issues in one project (projectKey). Polls the newest issues; the first poll only remembers where things are.',
  kind: 'poll',
  config: z.object({ projectKey, site: siteInput }),
  event: issueOut,
  async poll({ client, signal }, config, cursor) {
    const api = await jiraApi(client, signal, config.site);
    const page = await client.call({ path: `${api}/search/jql`, query: { jql: `project = "${config.projectKey}" ORDER BY created DESC`, fields: issueFields, maxResults: 100 }, signal }, searchPage);
    // Issue ids only grow, so the highest id seen is the cursor (keys change when an issue moves project).
    const last = typeof cursor?.['lastId'] === 'number' ? cursor['lastId'] : undefined;
    const newest = page.issues.reduce((m, i) => Math.max(m, Number(i.id)), last ?? 0);
    if (last === undefined) return { events: [], cursor: { lastId: newest } };
    const fresh = page.issues.filter((i) => Number(i.id) > last).sort((a, b) => Number(a.id) - Number(b.id));
    return { events: fresh.map(toIssue), cursor: { lastId: newest } };
  },
});
