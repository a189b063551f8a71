import { z } from 'zod';
import type { FaultReader } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/**
 * GitLab errors (docs.gitlab.com/api/rest/troubleshooting): `{ message: "404 Project Not Found" }`, validation as
 * `{ message: { field: [problems] } }`, missing parameters as `{ error: "title is missing" }`.
 */
const glError = z.object({ message: z.union([z.string(), z.record(z.string(), z.array(z.string()))]).optional(), error: z.string().optional(), error_description: z.string().optional() }).loose();

export const readGitlabFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 404) return { message: 'the project or item does not exist (or the connection cannot see it)' };
  const e = glError.safeParse(body);
  if (!e.success) return undefined;
  const d = e.data;
  const text = d.error_description ?? d.error ?? (typeof d.message === 'string' ? d.message : Object.entries(d.message ?? {}).map(([f, p]) => `${f} ${p.join(', ')}`).join('; '));
  if (!text) return undefined;
  return { message: `“${text.replace(/^\d{3} /, '')}”` };
};

/** A project by numeric id or full path (`group/project`), encoded as one path segment as GitLab asks. */
export const projectInput = { project: z.string().min(1).max(500).describe('Project id or full path such as acme/app') };
export const projectPath = (p: string) => `projects/${encodeURIComponent(p)}`;

export const glIssue = z.object({ id: z.number(), iid: z.number(), title: z.string(), description: z.string().nullish(), state: z.string(), labels: z.array(z.string()).default([]), web_url: z.string(), author: z.object({ username: z.string() }).loose().nullish(), created_at: z.string(), updated_at: z.string().nullish() }).loose();
export const issueOut = z.object({ id: z.number(), iid: z.number(), title: z.string(), description: z.string(), state: z.string(), labels: z.array(z.string()), url: z.string(), author: z.string().nullable(), createdAt: z.string() });
export const toIssue = (i: z.infer<typeof glIssue>): z.infer<typeof issueOut> => ({ id: i.id, iid: i.iid, title: i.title, description: i.description ?? '', state: i.state, labels: i.labels, url: i.web_url, author: i.author?.username ?? null, createdAt: i.created_at });

export const gitlab = defineRestService({
  id: 'gitlab',
  name: 'GitLab',
  auth: 'oauth2',
  readFault: readGitlabFault,
  // GitLab.com: 2,000 authenticated API requests a minute; 429 answers carry Retry-After.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 30 },
  async check(client, signal) {
    const me = await client.call({ path: 'user', ...(signal ? { signal } : {}) }, z.object({ username: z.string(), email: z.string().optional() }).loose());
    return { accountLabel: me.username };
  },
});
