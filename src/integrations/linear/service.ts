import { z } from 'zod';
import { integrationError, type FaultReader, type IntegrationErrorCode, type ServiceClient } from '../http/index.js';
import { defineRestService } from '../kit/rest.js';

/**
 * Linear answers GraphQL errors (linear.app/developers/graphql#errors) as `errors[]` with `extensions.code`:
 * authentication failures and rate limits with HTTP 400, missing entities and bad input with HTTP 200.
 */
const gqlErrors = z.object({ errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional(), userPresentableMessage: z.string().optional() }).loose().optional() }).loose()).min(1) }).loose();

const byCode: Record<string, IntegrationErrorCode> = {
  AUTHENTICATION_ERROR: 'integrations.http.unauthorized',
  RATELIMITED: 'integrations.http.rate_limited',
  FORBIDDEN: 'integrations.http.forbidden',
  INVALID_INPUT: 'integrations.http.bad_request',
  GRAPHQL_VALIDATION_FAILED: 'integrations.http.bad_request',
};

export const readLinearFault: FaultReader = ({ status, body }) => {
  const e = gqlErrors.safeParse(body);
  if (!e.success) return undefined;
  const first = e.data.errors[0]!;
  const code = first.extensions?.code;
  if (/^Entity not found/i.test(first.message)) return { code: 'integrations.http.not_found', providerCode: code ?? 'NOT_FOUND', message: 'the issue or team does not exist (or the connection cannot see it)' };
  const mapped = code ? byCode[code] : undefined;
  if (code === 'AUTHENTICATION_ERROR') return { code: 'integrations.http.unauthorized', providerCode: code, message: 'the sign-in is no longer valid; reconnect Linear' };
  return { ...(mapped ? { code: mapped } : status < 400 ? { code: 'integrations.http.bad_request' as const } : {}), ...(code ? { providerCode: code } : {}), message: `“${(first.extensions?.userPresentableMessage ?? first.message).replace(/\.$/, '')}”` };
};

/** One GraphQL operation against Linear's single endpoint; queries are safe to retry, mutations are not. */
export async function linearGraphql<S extends z.ZodType>(client: ServiceClient, o: { query: string; variables?: Record<string, unknown>; signal: AbortSignal; mutation?: boolean }, data: S): Promise<z.infer<S>> {
  const r = await client.call({ method: 'POST', path: client.baseUrl, json: { query: o.query, variables: o.variables ?? {} }, idempotent: !o.mutation, signal: o.signal }, z.object({ data: z.unknown() }));
  const parsed = data.safeParse(r.data);
  if (!parsed.success) throw integrationError('integrations.http.invalid_response', `Linear answered in an unexpected shape (at data.${parsed.error.issues[0]?.path.join('.') ?? ''}).`, { service: 'linear' }, parsed.error);
  return parsed.data;
}

export const issueSelection = 'id identifier title description url priority createdAt updatedAt state { name } team { id key } assignee { name }';
export const linearIssueSchema = z
  .object({ id: z.string(), identifier: z.string(), title: z.string(), description: z.string().nullish(), url: z.string(), priority: z.number().nullish(), createdAt: z.string(), updatedAt: z.string().nullish(), state: z.object({ name: z.string() }).loose().nullish(), team: z.object({ id: z.string(), key: z.string() }).loose().nullish(), assignee: z.object({ name: z.string() }).loose().nullish() })
  .loose();
export const issueOut = z.object({ id: z.string(), identifier: z.string(), title: z.string(), description: z.string(), url: z.string(), priority: z.number(), state: z.string().nullable(), team: z.string().nullable(), assignee: z.string().nullable(), createdAt: z.string() });
export const toIssue = (i: z.infer<typeof linearIssueSchema>): z.infer<typeof issueOut> => ({ id: i.id, identifier: i.identifier, title: i.title, description: i.description ?? '', url: i.url, priority: i.priority ?? 0, state: i.state?.name ?? null, team: i.team?.key ?? null, assignee: i.assignee?.name ?? null, createdAt: i.createdAt });
export const connection = z.object({ nodes: z.array(linearIssueSchema), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }) });

/** Walks a Relay connection (`first`/`after`) until limit or the last page. */
export async function linearPages(client: ServiceClient, o: { query: string; field: string; variables: Record<string, unknown>; limit: number; signal: AbortSignal }) {
  const out: z.infer<typeof linearIssueSchema>[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100 && out.length < o.limit; pages++) {
    const data = await linearGraphql(client, { query: o.query, variables: { ...o.variables, first: Math.min(o.limit - out.length, 100), ...(after ? { after } : {}) }, signal: o.signal }, z.object({ [o.field]: connection }));
    const conn = data[o.field]!;
    out.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor || conn.pageInfo.endCursor === after) break;
    after = conn.pageInfo.endCursor;
  }
  return out.slice(0, o.limit);
}

export const linear = defineRestService({
  id: 'linear',
  name: 'Linear',
  auth: 'oauth2',
  readFault: readLinearFault,
  // Linear: 5,000 requests an hour per user, leaky bucket.
  limits: { concurrency: 4, ratePerSecond: 5, burst: 20 },
  async check(client, signal) {
    const d = await linearGraphql(client, { query: 'query Viewer { viewer { id name email } }', signal: signal ?? new AbortController().signal }, z.object({ viewer: z.object({ email: z.string().optional(), name: z.string().optional() }).loose() }));
    return { accountLabel: d.viewer.email ?? d.viewer.name };
  },
});
