import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import type { ServiceProfile } from '../profiles.js';

/** GitHub REST errors: `{ message, documentation_url, errors? }`; secondary rate limits are 403/429 with Retry-After. */
const ghError = z.object({ message: z.string(), errors: z.array(z.object({ message: z.string().optional(), code: z.string().optional(), field: z.string().optional() }).loose()).optional() }).loose();

export const readGithubFault: FaultReader = ({ status, body, headers }) => {
  if (status < 400) return undefined;
  const e = ghError.safeParse(body);
  const limited = (status === 403 || status === 429) && (headers.get('retry-after') !== null || headers.get('x-ratelimit-remaining') === '0');
  const detail = e.success ? [e.data.message, ...(e.data.errors ?? []).map((x) => x.message ?? [x.field, x.code].filter(Boolean).join(' '))].filter(Boolean).join(': ') : `HTTP ${status}`;
  return { ...(limited ? { code: 'integrations.http.rate_limited' as const } : {}), message: status === 404 ? 'the repository or item does not exist (or the connection cannot see it)' : `“${detail}”` };
};

export const githubProfile: ServiceProfile = {
  serviceId: 'github',
  readFault: readGithubFault,
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const me = await client.call({ path: 'user', signal }, z.object({ login: z.string() }).loose());
    return { accountLabel: me.login };
  },
};

export const githubHeaders = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
export const repoInput = { owner: z.string().min(1).max(100), repo: z.string().min(1).max(100) };
export const repoPath = (i: { owner: string; repo: string }) => `repos/${encodeURIComponent(i.owner)}/${encodeURIComponent(i.repo)}`;
export const ghIssue = z.object({ number: z.number(), title: z.string(), html_url: z.string(), state: z.string(), body: z.string().nullish(), user: z.object({ login: z.string() }).loose().nullish(), created_at: z.string(), pull_request: z.unknown().optional() }).loose();
