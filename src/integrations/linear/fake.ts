import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { readOperation } from '../../../test/fakes/kit/graphql.js';
import { startFakeService, type FakeService } from '../../../test/fakes/kit/fake-service.js';

/**
 * Linear GraphQL API fake (linear.app/developers): one `POST /graphql` endpoint, OAuth tokens as `Bearer`, personal
 * API keys bare in Authorization. Connections page Relay-style (`first`/`after`, `pageInfo { hasNextPage endCursor }`,
 * 50 by default). Errors are GraphQL `errors[]` with `extensions.code`: authentication failures and rate limits
 * come with HTTP 400 (`AUTHENTICATION_ERROR`, `RATELIMITED` plus the `X-RateLimit-Requests-*` headers); missing
 * entities and bad input are HTTP 200 with `data: null`.
 */
export interface LinearIssue {
  id: string;
  identifier: string;
  title: string;
  description: string | null;
  priority: number;
  teamId: string;
  state: string;
  createdAt: string;
  updatedAt: string;
}
export interface LinearFake extends FakeService {
  teams: { id: string; key: string; name: string }[];
  issues: LinearIssue[];
  /** Most nodes a connection page returns (Linear: 250); tests lower it to page. */
  pageCap: number;
}

export const linearError = (message: string, code: string, extra: Record<string, unknown> = {}) => ({ errors: [{ message, extensions: { code, type: code.toLowerCase().replace(/_/g, ' '), userPresentableMessage: message, ...extra } }] });

export async function startLinearFake(): Promise<LinearFake> {
  const teams = [{ id: 'team-eng', key: 'ENG', name: 'Engineering' }, { id: 'team-ops', key: 'OPS', name: 'Operations' }];
  const state = { teams, issues: [] as LinearIssue[], pageCap: 250 };
  const add = (teamId: string, title: string, description?: string | null, priority = 0) => {
    const team = teams.find((t) => t.id === teamId)!;
    const at = new Date(Date.now() + state.issues.length).toISOString();
    const issue: LinearIssue = { id: randomUUID(), identifier: `${team.key}-${state.issues.filter((i) => i.teamId === teamId).length + 1}`, title, description: description ?? null, priority, teamId, state: 'Todo', createdAt: at, updatedAt: at };
    state.issues.push(issue);
    return issue;
  };
  for (let i = 1; i <= 5; i++) add('team-ops', `Ops chore ${i}`);
  const node = (i: LinearIssue) => ({ ...i, url: `https://linear.app/acme/issue/${i.identifier}`, state: { name: i.state }, team: teams.find((t) => t.id === i.teamId), assignee: null, teamId: undefined });
  const page = (list: LinearIssue[], v: { first?: number; after?: string }) => {
    const start = v.after ? list.findIndex((i) => i.id === v.after) + 1 : 0;
    const size = Math.min(v.first ?? 50, fake.pageCap);
    const nodes = list.slice(start, start + size);
    return { nodes: nodes.map(node), pageInfo: { hasNextPage: start + size < list.length, endCursor: nodes.at(-1)?.id ?? null } };
  };
  type Filter = { team?: { id?: { eq?: string } }; createdAt?: { gt?: string } };
  const matches = (i: LinearIssue, f: Filter | undefined) => (!f?.team?.id?.eq || i.teamId === f.team.id.eq) && (!f?.createdAt?.gt || i.createdAt > f.createdAt.gt);

  const fake: LinearFake = Object.assign(
    await startFakeService({
      readToken: (req) => (req.headers.authorization ?? '').replace(/^Bearer /i, '') || undefined,
      unauthorized: (reply) => reply.code(400).send(linearError('Authentication required, not authenticated', 'AUTHENTICATION_ERROR', { statusCode: 401 })),
      routes(app) {
        app.post('/graphql', async (req, reply: FastifyReply) => {
          const body = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown> };
          const op = body.query ? readOperation(body.query) : undefined;
          if (!op) return reply.code(400).send(linearError('Syntax Error: could not read the query.', 'GRAPHQL_PARSE_FAILED'));
          const v = (body.variables ?? {}) as Record<string, never>;
          const data: Record<string, unknown> = {};
          for (const f of op.fields) {
            const missing = [...f.args.matchAll(/\$(\w+)/g)].map((m) => m[1]!).filter((name) => v[name] === undefined && !['first', 'after', 'filter'].includes(name));
            if (missing.length) return reply.code(400).send(linearError(`Variable "$${missing[0]}" of required type was not provided.`, 'GRAPHQL_VALIDATION_FAILED'));
            if (f.name === 'viewer') data[f.alias] = { id: 'user-1', name: 'Ada Lovelace', email: 'ada@example.com' };
            else if (f.name === 'issue') {
              const i = state.issues.find((x) => x.id === v['id'] || x.identifier === v['id']);
              if (!i) return reply.send({ data: null, ...linearError('Entity not found: Issue - Could not find referenced Issue.', 'INVALID_INPUT') });
              data[f.alias] = node(i);
            } else if (f.name === 'issues') {
              const filter = v['filter'] as Filter | undefined;
              if (filter?.team?.id?.eq && !teams.some((t) => t.id === filter.team!.id!.eq)) return reply.send({ data: null, ...linearError('Entity not found: Team', 'INVALID_INPUT') });
              data[f.alias] = page(state.issues.filter((i) => matches(i, filter)), v);
            } else if (f.name === 'searchIssues') {
              const term = String(v['term'] ?? '').toLowerCase();
              data[f.alias] = page(state.issues.filter((i) => `${i.title} ${i.description ?? ''}`.toLowerCase().includes(term)), v);
            } else if (f.name === 'issueCreate') {
              const input = v['input'] as { teamId?: string; title?: string; description?: string; priority?: number } | undefined;
              if (!input?.teamId || !input.title) return reply.code(400).send(linearError('Variable "$input" got invalid value; Field "teamId" and "title" are required.', 'GRAPHQL_VALIDATION_FAILED'));
              if (input.teamId === 'team-secret') return reply.send({ data: null, ...linearError('You do not have access to this team.', 'FORBIDDEN') });
              if (!teams.some((t) => t.id === input.teamId)) return reply.send({ data: null, ...linearError('Argument Validation Error: teamId must be a UUID of an existing team.', 'INVALID_INPUT') });
              data[f.alias] = { success: true, issue: node(add(input.teamId, input.title, input.description, input.priority)) };
            } else if (f.name === 'issueUpdate') {
              const i = state.issues.find((x) => x.id === v['id'] || x.identifier === v['id']);
              if (!i) return reply.send({ data: null, ...linearError('Entity not found: Issue - Could not find referenced Issue.', 'INVALID_INPUT') });
              const input = (v['input'] ?? {}) as { title?: string; description?: string; priority?: number; stateId?: string };
              Object.assign(i, { ...(input.title !== undefined ? { title: input.title } : {}), ...(input.description !== undefined ? { description: input.description } : {}), ...(input.priority !== undefined ? { priority: input.priority } : {}), updatedAt: new Date().toISOString() });
              data[f.alias] = { success: true, issue: node(i) };
            } else return reply.code(400).send(linearError(`Cannot query field "${f.name}" on type "${op.type === 'query' ? 'Query' : 'Mutation'}".`, 'GRAPHQL_VALIDATION_FAILED'));
          }
          return { data };
        });
      },
    }),
    state,
  );
  return fake;
}
