import { describe, expect, it } from 'vitest';
import { REPO, startBitbucketFake, WORKSPACE, type BitbucketFake } from './fake.js';
import { describeConformance } from '../testing/conformance.js';
import { bitbucket, createPullRequest, getPullRequest } from './index.js';

const repo = { workspace: WORKSPACE, repository: REPO };
async function seeded(): Promise<BitbucketFake> {
  const fake = await startBitbucketFake();
  // More than one page (50) of open pull requests.
  for (let i = 1; i <= 60; i++) fake.open(`Change ${i}`, 'develop');
  return fake;
}

describeConformance({
  service: bitbucket,
  startFake: seeded,
  basePath: '/2.0',
  throttleBody: { type: 'error', error: { message: 'Rate limit for this resource has been exceeded' } },
  operations: {
    'bitbucket.list_pull_requests': { input: { ...repo, limit: 55 }, check: (out) => expect((out as { pullRequests: unknown[] }).pullRequests).toHaveLength(55), badInput: { input: { ...repo, state: 'open' }, field: 'state' } },
    'bitbucket.get_pull_request': { input: { ...repo, pullRequestId: 1 }, check: (out) => expect(out).toMatchObject({ id: 1, title: 'Change 1', sourceBranch: 'develop', destinationBranch: 'main' }), badInput: { input: { ...repo, pullRequestId: 0 }, field: 'pullRequestId' } },
    'bitbucket.create_pull_request': { input: { ...repo, title: 'Add login', sourceBranch: 'feature/login', description: 'Closes #4' }, check: (out) => expect(out).toMatchObject({ title: 'Add login', state: 'OPEN', sourceBranch: 'feature/login', destinationBranch: 'main', url: expect.stringContaining('/pull-requests/') }), badInput: { input: { ...repo, title: 'x', sourceBranch: 'has space' }, field: 'sourceBranch' } },
    'bitbucket.update_pull_request': { input: { ...repo, pullRequestId: 2, title: 'Renamed' }, check: (out) => expect(out).toMatchObject({ id: 2, title: 'Renamed' }), badInput: { input: { workspace: 'bad slug', repository: REPO, pullRequestId: 2 }, field: 'workspace' } },
  },
  triggers: {
    'bitbucket.new_pull_request': { config: repo, produce: (f) => void (f as BitbucketFake).open('Fresh change', 'feature/search'), check: (events) => expect(events[0]).toMatchObject({ title: 'Fresh change' }) },
  },
  extra(ctx) {
    describe('Bitbucket specifics', () => {
      it('a missing branch and a missing pull request are named', async () => {
        const { h } = ctx();
        await expect(h.run(createPullRequest, { ...repo, title: 'x', sourceBranch: 'nope' })).rejects.toMatchObject({ message: 'Bitbucket says “source: Branch not found: nope”.' });
        await expect(h.run(getPullRequest, { ...repo, pullRequestId: 9999 })).rejects.toMatchObject({ code: 'integrations.http.not_found' });
      });
    });
  },
});
