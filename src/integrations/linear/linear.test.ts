import { beforeEach, expect, it } from 'vitest';
import { linearError, startLinearFake, type LinearFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { createIssue, getIssue, linear, newIssue, searchIssues, updateIssue } from './index.js';

describeConformance<LinearFake>({
  service: linear,
  startFake: async () => Object.assign(await startLinearFake(), { pageCap: 2 }),
  basePath: '/graphql',
  throttleBody: linearError('Rate limit exceeded', 'RATELIMITED'),
  operations: {
    'linear.create_issue': {
      input: { teamId: 'team-eng', title: 'Crash on login', description: 'Stack trace attached', priority: 2 },
      check: (out, fake) => {
        expect(out).toMatchObject({ identifier: expect.stringMatching(/^ENG-\d+$/), title: 'Crash on login', team: 'ENG', priority: 2 });
        // Values travel as GraphQL variables, never spliced into the query text.
        const sent = fake.requests.at(-1)!.body as { query: string; variables: { input: { title: string } } };
        expect(sent.query).not.toContain('Crash on login');
        expect(sent.variables.input.title).toBe('Crash on login');
      },
      badInput: { input: { teamId: 'team-eng', title: 'x', priority: 9 }, field: 'priority' },
    },
    'linear.get_issue': {
      input: { issueId: 'OPS-1' },
      check: (out) => expect(out).toMatchObject({ identifier: 'OPS-1', title: 'Ops chore 1', state: 'Todo', url: 'https://linear.app/acme/issue/OPS-1' }),
      badInput: { input: { issueId: '' }, field: 'issueId' },
    },
    'linear.update_issue': {
      input: { issueId: 'OPS-2', title: 'Ops chore 2 (renamed)' },
      check: (out) => expect(out).toMatchObject({ identifier: 'OPS-2', title: 'Ops chore 2 (renamed)' }),
      badInput: { input: { issueId: 'OPS-2' }, field: 'title' },
    },
    'linear.list_issues': {
      input: { teamId: 'team-ops' },
      check: (out) => expect((out as { issues: { identifier: string }[] }).issues.map((i) => i.identifier)).toEqual(['OPS-1', 'OPS-2', 'OPS-3', 'OPS-4', 'OPS-5']),
      badInput: { input: { teamId: 'team-ops', limit: 0 }, field: 'limit' },
    },
    'linear.search_issues': {
      input: { term: 'chore' },
      check: (out) => expect((out as { issues: unknown[] }).issues).toHaveLength(5),
      badInput: { input: { term: '' }, field: 'term' },
    },
  },
  extra(ctx) {
    beforeEach(() => void (ctx().fake.faults.length = 0));
    it('new-issue trigger hands over issues of its team created after the first poll', async () => {
      const { h } = ctx();
      const first = await h.poll(newIssue, { teamId: 'team-eng' });
      expect(first.events).toEqual([]);
      await new Promise((r) => setTimeout(r, 5));
      await h.run(createIssue, { teamId: 'team-eng', title: 'Second' });
      await h.run(createIssue, { teamId: 'team-ops', title: 'Other team' });
      const next = await h.poll(newIssue, { teamId: 'team-eng' }, first.cursor);
      expect(next.events.map((e) => e.title)).toEqual(['Second']);
      expect((await h.poll(newIssue, { teamId: 'team-eng' }, next.cursor)).events).toEqual([]);
    });
    it('RATELIMITED as Linear sends it (HTTP 400, no Retry-After) is retried with backoff; the mutation lands once', async () => {
      const { h, fake } = ctx();
      fake.inject({ kind: 'status', status: 400, body: linearError('Rate limit exceeded', 'RATELIMITED'), headers: { 'x-ratelimit-requests-remaining': '0', 'x-ratelimit-requests-reset': String(Date.now() + 1000) } });
      const before = fake.issues.length;
      await h.run(createIssue, { teamId: 'team-eng', title: 'After the limit' });
      expect(fake.issues.length).toBe(before + 1);
    });
    it('AUTHENTICATION_ERROR (HTTP 400) refreshes the token and retries once', async () => {
      const { h, fake } = ctx();
      fake.expireAll();
      await h.run(getIssue, { issueId: 'OPS-1' });
      expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
    });
    it('a missing issue, a forbidden team and an unknown team read plainly', async () => {
      const { h } = ctx();
      await expect(h.run(getIssue, { issueId: 'ENG-999' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'Linear says the issue or team does not exist (or the connection cannot see it).' });
      await expect(h.run(updateIssue, { issueId: 'ENG-999', title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      await expect(h.run(createIssue, { teamId: 'team-secret', title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.forbidden' });
      await expect(h.run(createIssue, { teamId: 'nope', title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.bad_request', message: expect.stringContaining('teamId must be a UUID') });
      expect((await h.run(searchIssues, { term: 'no such words' })).issues).toEqual([]);
    });
  },
});
