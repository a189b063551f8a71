import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGithubFake, type GithubFake } from './fake.js';
import { pieceHarness, type PieceHarness } from '../testing/harness.js';
import { addComment, createIssue, listPullRequests, newIssue } from './index.js';

let fake: GithubFake;
let h: PieceHarness;
beforeAll(async () => {
  fake = await startGithubFake();
  h = await pieceHarness({ serviceId: 'github', fake, tokenPath: '/login/oauth/access_token' });
});
afterAll(async () => {
  await h.cleanup();
  await fake.close();
});
beforeEach(() => void (fake.faults.length = 0));
const repo = { owner: 'acme', repo: 'app' };

describe('GitHub pieces', () => {
  it('creates an issue and comments on it', async () => {
    const issue = await h.run(createIssue, { ...repo, title: 'Login broken', body: 'Steps…' });
    expect(issue).toMatchObject({ number: 6, url: 'https://github.com/acme/app/issues/6', state: 'open' });
    expect(fake.requests.at(-1)?.headers['x-github-api-version']).toBe('2022-11-28');
    expect(await h.run(addComment, { ...repo, number: 6, body: 'Looking into it' })).toMatchObject({ id: 1 });
  });

  it('reports a missing repo and validation errors plainly', async () => {
    await expect(h.run(createIssue, { owner: 'acme', repo: 'nope', title: 'x' })).rejects.toMatchObject({ code: 'integrations.http.not_found', message: 'GitHub says the repository or item does not exist (or the connection cannot see it).' });
  });

  it('lists pull requests across Link-header pages', async () => {
    const out = await h.run(listPullRequests, repo);
    expect(out.pullRequests.map((p) => p.number)).toEqual([100, 101, 102, 103, 104]);
    expect(out.pullRequests[0]).toMatchObject({ draft: true, head: 'f0', base: 'main' });
  });

  it('new-issue trigger skips pull requests and old issues', async () => {
    const first = await h.poll(newIssue, repo);
    expect(first.events).toEqual([]);
    fake.issues.push({ number: 50, title: 'Crash on save', body: 'trace', state: 'open', created_at: new Date().toISOString() }, { number: 51, title: 'A PR', body: '', state: 'open', pull_request: {}, created_at: new Date().toISOString() });
    const next = await h.poll(newIssue, repo, first.cursor);
    expect(next.events.map((e) => e.title)).toEqual(['Crash on save']);
  });

  it('401 → refresh → retry once; secondary rate limit 403 + Retry-After is waited out; 502 retried', async () => {
    fake.expireAll();
    await h.run(listPullRequests, { ...repo, limit: 1 });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ grant_type: 'refresh_token' });
    fake.inject({ kind: 'status', status: 403, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit.' }, path: /pulls/ }, { kind: 'status', status: 502, body: { message: 'Server Error' }, path: /pulls/ });
    const t0 = Date.now();
    await h.run(listPullRequests, { ...repo, limit: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('times out a hanging API', async () => {
    fake.inject(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const, path: /pulls/ })));
    await expect(h.run(listPullRequests, repo)).rejects.toMatchObject({ code: 'integrations.http.timeout' });
  });
});
