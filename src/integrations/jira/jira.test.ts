import { beforeEach, expect, it } from 'vitest';
import { startJiraFake, type JiraFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { addComment, createIssue, getIssue, jira, newIssue, searchIssues } from './index.js';

describeConformance<JiraFake>({
  service: jira,
  startFake: async () => Object.assign(await startJiraFake(), { pageCap: 2 }),
  basePath: '/ex/jira',
  throttleBody: { errorMessages: ['Rate limit exceeded.'], errors: {} },
  operations: {
    'jira.create_issue': {
      input: { projectKey: 'OPS', summary: 'Printer on fire', description: 'Second floor\nnear the kitchen', labels: ['facilities'] },
      check: (out, fake) => {
        expect(out).toMatchObject({ key: expect.stringMatching(/^OPS-\d+$/), url: expect.stringContaining(`/ex/jira/${(fake as JiraFake).cloudId}/rest/api/3/issue/`) });
        // Jira v3 takes descriptions as Atlassian documents, one paragraph per line.
        expect((fake as JiraFake).issues.at(-1)!.fields.description).toMatchObject({ type: 'doc', content: [{ type: 'paragraph' }, { type: 'paragraph' }] });
      },
      badInput: { input: { projectKey: 'ops', summary: 'x' }, field: 'projectKey' },
    },
    'jira.get_issue': {
      input: { issueKey: 'WEB-1' },
      check: (out) => expect(out).toMatchObject({ key: 'WEB-1', summary: 'Existing web issue 1', status: 'To Do', project: 'WEB' }),
      badInput: { input: { issueKey: 'web one' }, field: 'issueKey' },
    },
    'jira.update_issue': {
      input: { issueKey: 'WEB-2', summary: 'Renamed', labels: ['triaged'] },
      check: (out, fake) => {
        expect(out).toEqual({ key: 'WEB-2', updated: true });
        expect((fake as JiraFake).issues.find((i) => i.key === 'WEB-2')!.fields).toMatchObject({ summary: 'Renamed', labels: ['triaged'] });
      },
      badInput: { input: { issueKey: 'WEB-2' }, field: 'summary' },
    },
    'jira.search_issues': {
      input: { jql: 'project = WEB ORDER BY created ASC' },
      check: (out) => expect((out as { issues: { key: string }[] }).issues.slice(0, 5).map((i) => i.key)).toEqual(['WEB-1', 'WEB-2', 'WEB-3', 'WEB-4', 'WEB-5']),
      badInput: { input: { jql: '' }, field: 'jql' },
    },
    'jira.add_comment': {
      input: { issueKey: 'WEB-1', body: 'Looking into it.' },
      check: (out, fake) => {
        expect(out).toMatchObject({ id: expect.any(String) });
        expect((fake as JiraFake).comments.at(-1)).toMatchObject({ key: 'WEB-1', body: { type: 'doc' } });
      },
      badInput: { input: { issueKey: 'WEB-1', body: '' }, field: 'body' },
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('reads an issue back with its description as plain text; JQL text search pages by nextPageToken', async () => {
      const { h, fake } = ctx();
      const created = await h.run(createIssue, { projectKey: 'OPS', summary: 'Label printer jammed', description: 'Paper stuck\nsince Monday' });
      expect(await h.run(getIssue, { issueKey: created.key })).toMatchObject({ summary: 'Label printer jammed', description: 'Paper stuck\nsince Monday' });
      await h.run(searchIssues, { jql: 'project = WEB', limit: 10 });
      expect(fake.requests.filter((r) => r.path.includes('/search/jql')).at(-1)?.path).toContain('nextPageToken=');
      expect((await h.run(searchIssues, { jql: 'text ~ "jammed"' })).issues.map((i) => i.key)).toEqual([created.key]);
    });
    it('new-issue trigger: the first poll remembers, later polls hand over only new issues, oldest first', async () => {
      const { h } = ctx();
      const first = await h.poll(newIssue, { projectKey: 'WEB' });
      expect(first.events).toEqual([]);
      await h.run(createIssue, { projectKey: 'WEB', summary: 'Broken link' });
      await h.run(createIssue, { projectKey: 'WEB', summary: 'Slow page' });
      const next = await h.poll(newIssue, { projectKey: 'WEB' }, first.cursor);
      expect(next.events.map((e) => e.summary)).toEqual(['Broken link', 'Slow page']);
      expect((await h.poll(newIssue, { projectKey: 'WEB' }, next.cursor)).events).toEqual([]);
    });
    it('Jira’s field errors, a forbidden project, a missing issue and bad JQL read plainly', async () => {
      const { h } = ctx();
      await expect(h.run(createIssue, { projectKey: 'NOPE', summary: 'x' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'Jira says “project: valid project is required”.' });
      await expect(h.run(createIssue, { projectKey: 'SECRET', summary: 'x' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: expect.stringContaining('You do not have permission') });
      await expect(h.run(getIssue, { issueKey: 'OPS-999' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Jira says the issue or project does not exist (or the connection cannot see it).' });
      await expect(h.run(searchIssues, { jql: 'assignee = currentUser()' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('Error in the JQL Query') });
      await expect(h.run(addComment, { issueKey: 'OPS-999', body: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    });
    it('an expired token is refreshed once and the call retried', async () => {
      const { h, fake } = ctx();
      fake.expireAll();
      await h.run(getIssue, { issueKey: 'WEB-1' });
      expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
    });
  },
});
