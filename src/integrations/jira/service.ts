import { z } from 'zod';
import { integrationError, type FaultReader, type ServiceClient } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/**
 * Jira errors (developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes):
 * `{ errorMessages: [...], errors: { field: message } }`; the OAuth gateway answers `{ code, message }`.
 */
const jiraError = z.object({ errorMessages: z.array(z.string()).default([]), errors: z.record(z.string(), z.string()).default({}) }).loose();
const gatewayError = z.object({ message: z.string() }).loose();

export const readJiraFault: FaultReader = ({ status, body }) => {
  if (status < 400) return undefined;
  if (status === 404) return { message: 'the issue or project does not exist (or the connection cannot see it)' };
  const e = jiraError.safeParse(body);
  const parts = e.success ? [...e.data.errorMessages, ...Object.entries(e.data.errors).map(([field, m]) => `${field}: ${m}`)] : [];
  if (parts.length) return { message: `“${parts.join('; ').replace(/\.$/, '')}”` };
  const g = gatewayError.safeParse(body);
  return g.success && status !== 401 ? { message: `“${g.data.message}”` } : undefined;
};

const site = z.array(z.object({ id: z.string(), url: z.string(), name: z.string().optional(), scopes: z.array(z.string()).default([]) }).loose());

/**
 * The path prefix of the REST API. With OAuth (3LO) the base URL is `https://api.atlassian.com/ex/jira` and the
 * site's cloud id comes from `/oauth/token/accessible-resources` (the first site the token may use for Jira, or
 * the one named); an admin who sets the base URL to a site (`…/ex/jira/<cloudId>` or `https://x.atlassian.net`)
 * skips the look-up.
 */
export async function jiraApi(client: ServiceClient, signal: AbortSignal, siteName?: string): Promise<string> {
  if (!/\/ex\/jira\/?$/.test(client.baseUrl)) return 'rest/api/3';
  const sites = await client.call({ path: new URL('/oauth/token/accessible-resources', client.baseUrl).href, cacheTtlMs: 10 * 60_000, signal }, site);
  const usable = sites.filter((s) => s.scopes.length === 0 || s.scopes.some((x) => x.includes('jira')));
  const chosen = siteName ? usable.find((s) => s.name === siteName || s.url.replace(/^https?:\/\//, '').startsWith(siteName)) : usable[0];
  if (!chosen) throw integrationError('integrations.http.not_found', siteName ? `Jira says the site "${siteName}" is not one this connection may use.` : 'Jira says this connection may use no Jira site.', { service: 'jira' });
  return `${encodeURIComponent(chosen.id)}/rest/api/3`;
}

/** Plain text as an Atlassian Document (one paragraph per line), which v3 requires for descriptions and comments. */
export const toAdf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: text.split(/\r?\n/).map((line) => ({ type: 'paragraph', content: line ? [{ type: 'text', text: line }] : [] })),
});

/** An Atlassian Document back to plain text (paragraphs on their own lines). */
export function adfToText(node: unknown): string {
  if (!node || typeof node !== 'object') return typeof node === 'string' ? node : '';
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  if (n.type === 'hardBreak') return '\n';
  const inner = (n.content ?? []).map(adfToText);
  return n.type === 'doc' ? inner.join('\n') : inner.join('');
}

export const jiraIssueSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    self: z.string().optional(),
    fields: z
      .object({
        summary: z.string().nullish(),
        description: z.unknown().optional(),
        status: z.object({ name: z.string() }).loose().nullish(),
        issuetype: z.object({ name: z.string() }).loose().nullish(),
        project: z.object({ key: z.string() }).loose().nullish(),
        assignee: z.object({ displayName: z.string().optional(), accountId: z.string().optional() }).loose().nullish(),
        labels: z.array(z.string()).nullish(),
        created: z.string().nullish(),
        updated: z.string().nullish(),
      })
      .loose()
      .default({}),
  })
  .loose();

export const issueOut = z.object({ id: z.string(), key: z.string(), summary: z.string(), description: z.string(), status: z.string().nullable(), type: z.string().nullable(), project: z.string().nullable(), assignee: z.string().nullable(), labels: z.array(z.string()), created: z.string().nullable(), updated: z.string().nullable() });

export const issueFields = 'summary,description,status,issuetype,project,assignee,labels,created,updated';

export const toIssue = (i: z.infer<typeof jiraIssueSchema>): z.infer<typeof issueOut> => ({
  id: i.id,
  key: i.key,
  summary: i.fields.summary ?? '',
  description: adfToText(i.fields.description),
  status: i.fields.status?.name ?? null,
  type: i.fields.issuetype?.name ?? null,
  project: i.fields.project?.key ?? null,
  assignee: i.fields.assignee?.displayName ?? null,
  labels: i.fields.labels ?? [],
  created: i.fields.created ?? null,
  updated: i.fields.updated ?? null,
});

export const issueKey = z.string().regex(/^([A-Z][A-Z0-9_]*-\d+|\d+)$/, { error: 'must be an issue key such as OPS-12 (or its numeric id)' });
export const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,9}$/, { error: 'must be a project key such as OPS' });
export const siteInput = z.string().max(200).optional().describe('Jira site name when the connection may use several');

export const jira = defineRestService({
  id: 'jira',
  name: 'Jira',
  auth: 'oauth2',
  readFault: readJiraFault,
  // Jira Cloud's cost-based limits; 429 answers carry Retry-After.
  limits: { concurrency: 4, ratePerSecond: 10, burst: 20 },
  async check(client, signal) {
    const api = await jiraApi(client, signal ?? new AbortController().signal);
    const me = await client.call({ path: `${api}/myself`, ...(signal ? { signal } : {}) }, z.object({ emailAddress: z.string().optional(), displayName: z.string().optional() }).loose());
    return { accountLabel: me.emailAddress ?? me.displayName };
  },
});
