import { beforeEach, expect, it } from 'vitest';
import { startGitlabFake, type GitlabFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createIssue, getIssue, gitlab, listIssues, updateIssue } from './index.js';

describeConformance<GitlabFake>({
  service: gitlab,
  startFake: async () => Object.assign(await startGitlabFake(), { pageCap: 2 }),
  basePath: '/api/v4',
  throttleBody: { message: 'Retry later' },
  operations: {
    'gitlab.create_issue': {
      input: { project: 'acme/app', title: 'Pipeline red', description: 'since 10:00', labels: ['ci', 'bug'] },
      check: (out, fake) => {
        expect(out).toMatchObject({ title: 'Pipeline red', labels: ['ci', 'bug'], state: 'opened', url: expect.stringMatching(/^https:\/\/gitlab\.com\/acme\/app\/-\/issues\/\d+$/) });
        // A project path is one encoded path segment.
        expect(fake.requests.at(-1)?.path).toBe('/api/v4/projects/acme%2Fapp/issues');
      },
      badInput: { input: { project: 'acme/app', title: 'x', labels: ['a,b'] }, field: 'labels' },
    },
    'gitlab.get_issue': {
      input: { project: '42', iid: 1 },
      check: (out) => expect(out).toMatchObject({ iid: 1, title: 'Existing issue 1', author: 'ada' }),
      badInput: { input: { project: '42', iid: 0 }, field: 'iid' },
    },
    'gitlab.update_issue': {
      input: { project: 'acme/app', iid: 2, state: 'close' },
      check: (out) => expect(out).toMatchObject({ iid: 2, state: 'closed' }),
      badInput: { input: { project: 'acme/app', iid: 2 }, field: 'title' },
    },
    'gitlab.list_issues': {
      input: { project: 'acme/app', state: 'all' },
      check: (out) => expect((out as { issues: { iid: number }[] }).issues.slice(-3).map((i) => i.iid)).toEqual([3, 2, 1]),
      badInput: { input: { project: 'acme/app', state: 'open' }, field: 'state' },
    },
    'gitlab.add_comment': {
      input: { project: 'acme/app', iid: 1, body: 'Fixed by !3' },
      check: (out, fake) => {
        expect(out).toMatchObject({ id: expect.any(Number) });
        expect((fake as GitlabFake).notes.at(-1)).toEqual({ iid: 1, body: 'Fixed by !3' });
      },
      badInput: { input: { project: 'acme/app', iid: 1, body: '' }, field: 'body' },
    },
    'gitlab.list_merge_requests': {
      input: { project: 'acme/app' },
      check: (out) => expect((out as { mergeRequests: { source: string }[] }).mergeRequests.map((m) => m.source)).toEqual(['feature-1', 'feature-2', 'feature-3']),
      badInput: { input: { project: '' }, field: 'project' },
    },
  },
  triggers: {
    'gitlab.new_issue': {
      config: { project: 'acme/app' },
      produce: (fake) => void (fake as GitlabFake).addIssue('Opened in GitLab'),
      check: (events) => expect(events[0]).toMatchObject({ title: 'Opened in GitLab', state: 'opened' }),
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('searches by words; pages follow the Link header', async () => {
      const { h, fake } = ctx();
      await h.run(createIssue, { project: 'acme/app', title: 'Flaky deploy job' });
      expect((await h.run(listIssues, { project: 'acme/app', state: 'all', search: 'flaky' })).issues.map((i) => i.title)).toEqual(['Flaky deploy job']);
      await h.run(listIssues, { project: 'acme/app', state: 'all' });
      expect(fake.requests.filter((r) => r.path.includes('/issues?')).at(-1)?.path).toMatch(/page=\d/);
    });
    it('a token refresh after 401; GitLab’s validation messages, 403 and 404 read plainly', async () => {
      const { h, fake } = ctx();
      fake.expireAll();
      await h.run(getIssue, { project: 'acme/app', iid: 1 });
      expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
      await expect(h.run(createIssue, { project: 'acme/app', title: ' ' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: 'GitLab says “title can\'t be blank”.' });
      await expect(h.run(createIssue, { project: '7', title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.forbidden', message: 'GitLab says “Forbidden”.' });
      await expect(h.run(getIssue, { project: 'acme/nope', iid: 1 })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'GitLab says the project or item does not exist (or the connection cannot see it).' });
      await expect(h.run(updateIssue, { project: 'acme/app', iid: 999, title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
    });
  },
});
