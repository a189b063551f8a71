import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/index.js';

/** Bitbucket Cloud errors (developer.atlassian.com/cloud/bitbucket/rest/intro): `{ type: 'error', error: { message, detail? } }`. */
const bbError = z.object({ type: z.literal('error'), error: z.object({ message: z.string(), detail: z.unknown().optional() }).loose() }).loose();

export const readBitbucketFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 401) return { message: 'the sign-in is no longer valid; reconnect Bitbucket' };
  const e = bbError.safeParse(body).data;
  if (!e) return undefined;
  const detail = typeof e.error.detail === 'string' ? `: ${e.error.detail}` : '';
  return { ...(status === 404 ? { code: 'integrations.http.not_found' as const } : {}), message: `“${e.error.message.replace(/\.$/, '')}${detail}”` };
};

/** Bitbucket Cloud REST 2.0, scopes `repository` and `pullrequest`. */
export const bitbucket = defineRestService({
  id: 'bitbucket',
  name: 'Bitbucket',
  auth: 'oauth2',
  readFault: readBitbucketFault,
  // 1,000 API calls an hour per user for most resources.
  limits: { concurrency: 2, ratePerSecond: 1, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'user', ...(signal ? { signal } : {}) }, z.object({ username: z.string().optional(), display_name: z.string().optional() }).loose());
    return { accountLabel: me.username ?? me.display_name };
  },
});

const state = z.enum(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']);
const branchRef = z.object({ branch: z.object({ name: z.string() }).loose() }).loose();
const bbPr = z.object({ id: z.number(), title: z.string(), description: z.string().default(''), state, author: z.object({ display_name: z.string().optional() }).loose().nullish(), source: branchRef, destination: branchRef, created_on: z.string(), updated_on: z.string().optional(), links: z.object({ html: z.object({ href: z.string() }).loose().optional() }).loose().optional() }).loose();
const prOut = z.object({ id: z.number(), title: z.string(), description: z.string(), state, author: z.string().nullable(), sourceBranch: z.string(), destinationBranch: z.string(), createdAt: z.string(), updatedAt: z.string().nullable(), url: z.string().nullable() });
const toPr = (p: z.output<typeof bbPr>): z.input<typeof prOut> => ({ id: p.id, title: p.title, description: p.description, state: p.state, author: p.author?.display_name ?? null, sourceBranch: p.source.branch.name, destinationBranch: p.destination.branch.name, createdAt: p.created_on, updatedAt: p.updated_on ?? null, url: p.links?.html?.href ?? null });
const prPage = z.object({ values: z.array(bbPr), next: z.string().optional() }).loose();

const slug = /^[A-Za-z0-9_.{}-]{1,100}$/;
const repo = {
  workspace: z.string().regex(slug, { error: 'must be a workspace slug or {uuid}' }).describe('The workspace slug'),
  repository: z.string().regex(slug, { error: 'must be a repository slug' }).describe('The repository slug'),
};
const branch = z.string().trim().min(1).max(255).regex(/^[^\s~^:?*[\\]+$/, { error: 'must be a branch name' });
const prs = (i: { workspace: string; repository: string }) => `repositories/${encodeURIComponent(i.workspace)}/${encodeURIComponent(i.repository)}/pullrequests`;
const pullRequestId = z.number().int().positive().describe('The pull request number');

export const listPullRequests = bitbucket.operation({
  id: 'bitbucket.list_pull_requests',
  title: 'List pull requests',
  description: 'Lists a repository’s pull requests by state.',
  aiDescription: 'Use to read a Bitbucket repository’s pull requests (open by default; merged, declined or superseded on request). At most `limit`.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...repo, state: state.default('OPEN'), limit: z.number().int().min(1).max(1000).default(50) }),
  output: z.object({ pullRequests: z.array(prOut) }),
  path: prs,
  query: (i) => ({ state: i.state, pagelen: 50 }),
  response: prPage,
  paginate: { style: 'next-url', items: (p) => p.values, next: (p) => p.next },
  maxItems: (i) => i.limit,
  map: (items) => ({ pullRequests: items.map(toPr) }),
});

export const getPullRequest = bitbucket.operation({
  id: 'bitbucket.get_pull_request',
  title: 'Get a pull request',
  description: 'Reads one pull request of a Bitbucket repository.',
  aiDescription: 'Use to read one Bitbucket pull request (title, description, state, branches, link) by its number.',
  idempotent: true,
  sideEffect: false,
  input: z.object({ ...repo, pullRequestId }),
  output: prOut,
  path: (i) => `${prs(i)}/${i.pullRequestId}`,
  response: bbPr,
  map: toPr,
});

export const createPullRequest = bitbucket.operation({
  id: 'bitbucket.create_pull_request',
  title: 'Create a pull request',
  description: 'Opens a pull request from one branch into another (the main branch by default).',
  aiDescription: 'Use to open a Bitbucket pull request from `sourceBranch` (which must exist) into `destinationBranch` (the repository’s main branch when left out).',
  idempotent: false,
  sideEffect: true,
  input: z.object({ ...repo, title: z.string().trim().min(1).max(255), description: z.string().max(20000).optional(), sourceBranch: branch, destinationBranch: branch.optional(), closeSourceBranch: z.boolean().optional() }),
  output: prOut,
  method: 'POST',
  path: prs,
  body: (i) => ({ title: i.title, description: i.description, source: { branch: { name: i.sourceBranch } }, ...(i.destinationBranch ? { destination: { branch: { name: i.destinationBranch } } } : {}), close_source_branch: i.closeSourceBranch }),
  response: bbPr,
  map: toPr,
});

export const updatePullRequest = bitbucket.operation({
  id: 'bitbucket.update_pull_request',
  title: 'Update a pull request',
  description: 'Changes an open pull request’s title, description or destination branch.',
  aiDescription: 'Use to retitle or re-describe an open Bitbucket pull request, or point it at another destination branch. Only the fields given change.',
  idempotent: true,
  sideEffect: true,
  input: z.object({ ...repo, pullRequestId, title: z.string().trim().min(1).max(255).optional(), description: z.string().max(20000).optional(), destinationBranch: branch.optional() }),
  output: prOut,
  // Bitbucket updates pull requests with PUT, changing only the fields sent.
  method: 'PUT',
  path: (i) => `${prs(i)}/${i.pullRequestId}`,
  body: (i) => ({ title: i.title, description: i.description, ...(i.destinationBranch ? { destination: { branch: { name: i.destinationBranch } } } : {}) }),
  response: bbPr,
  map: toPr,
});

export const newPullRequest = bitbucket.pollTrigger({
  id: 'bitbucket.new_pull_request',
  title: 'New pull request',
  description: 'Starts when a pull request is opened in a Bitbucket repository.',
  aiDescription: 'Use to react to pull requests opened in a Bitbucket repository (notify reviewers, open a ticket). Polls the newest open pull requests; a number above the last seen is new.',
  config: z.object(repo),
  event: prOut,
  list: { path: ({ config }) => prs(config), query: () => ({ state: 'OPEN', sort: '-id', pagelen: 50 }) },
  response: prPage,
  items: (p) => p.values,
  cursor: { style: 'increasing', key: (p) => p.id },
  toEvent: toPr,
});

export const bitbucketActions = [listPullRequests, getPullRequest, createPullRequest, updatePullRequest];
export const bitbucketTriggers = [newPullRequest];
