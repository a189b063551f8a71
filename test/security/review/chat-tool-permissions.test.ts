import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventStream } from '../../../src/ai/chat/event-stream.js';
import { provideAgentPorts } from '../../../src/ai/chat/ports.js';
import { workflowRuntime } from '../../../src/workflows/index.js';
import { startFakeOpenAI } from '../../fakes/openai/server.js';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';

/**
 * Finding 7 of the security review: chat tools checked only `ai:use`, so a member who may chat but not
 * read workflows or documents could list workflows, search documents and start runs through the agent.
 * Each tool needs what its API route needs, for the person chatting (narrowed by a token's scope); a tool
 * the person may not use is not offered to the model, and a call to it anyway is refused.
 */
const KEY = 'sk-chat-permissions-test-1234567890';
const SECRET_NAME = 'Payroll export to Lisbon';
const SECRET_DOC = 'The CEO salary is 912,345 EUR';

describe.each(dialects)('finding 7: chat tools ask the policy, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let owner: TestActor;
  let chatter: TestActor;
  let workflowId: string;
  const searched: string[] = [];

  beforeAll(async () => {
    openai = await startFakeOpenAI({ keys: [KEY] });
    t = await createTestApp(dialect, { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_SSRF_ALLOW: '127.0.0.1' });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    // Documents the owner's memory holds: a search that is allowed would return this.
    provideAgentPorts(t.ctx, { memory: { search: async ({ query }) => (searched.push(query), [{ documentId: 'doc-pay', title: 'Salaries', url: '/memory/documents/doc-pay', snippet: SECRET_DOC }]) } });
    const role = await t.app.inject({ method: 'POST', url: '/api/roles', headers: owner.session, payload: { name: 'chatter', permissions: ['ai:use'] } });
    expect(role.statusCode, role.body).toBe(201);
    chatter = await addMember(t.app, owner, 'chatter');
    const wf = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: SECRET_NAME, definition: { trigger: { type: 'manual' }, steps: [{ id: 'note', type: 'action', action: 'core.log', input: { message: 'ran' } }] } } });
    expect(wf.statusCode, wf.body).toBe(201);
    workflowId = wf.json<{ id: string }>().id;
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/activate`, headers: owner.bearer, payload: {} })).statusCode).toBe(200);
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await openai?.close();
  });

  const keyFor = async (actor: TestActor) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: actor.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(r.statusCode, r.body).toBe(201);
  };
  const offeredTools = (i: number) => ((openai.requests.filter((r) => r.url === '/v1/responses')[i]?.json as { tools?: { name: string }[] } | undefined)?.tools ?? []).map((x) => x.name);
  const countRuns = async () => {
    const r = await t.app.inject({ url: `/api/runs?workflowId=${workflowId}`, headers: owner.bearer });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: unknown[] }>().items.length;
  };

  /** One chat turn in which the model calls `tool`; returns what the tool answered and what the model saw next. */
  const attempt = async (headers: Record<string, string>, tool: string, args: Record<string, unknown>) => {
    const before = openai.requests.filter((r) => r.url === '/v1/responses').length;
    openai.script({ toolCalls: [{ name: tool, args }] }, { text: 'I could not do that.' });
    const res = await t.app.inject({ method: 'POST', url: '/api/chat', headers, payload: { message: `please ${tool}` } });
    expect(res.statusCode, res.body).toBe(200);
    const events = parseEventStream(res.body);
    const conv = String(events[0]!.data.conversationId);
    const messages = (await t.app.inject({ url: `/api/conversations/${conv}`, headers })).json<{ messages: { role: string; toolResult?: { output: unknown } }[] }>().messages;
    const result = JSON.stringify(messages.filter((m) => m.role === 'tool').map((m) => m.toolResult?.output));
    const requests = openai.requests.filter((r) => r.url === '/v1/responses');
    return { events, result, offered: offeredTools(before), next: requests[before + 1]?.body ?? '' };
  };

  it('finding 7: a member who may only chat is not offered, and is refused, workflow and document tools', async () => {
    await keyFor(chatter);
    const runsBefore = await countRuns();
    const searchesBefore = searched.length;

    const list = await attempt(chatter.bearer, 'list_workflows', {});
    for (const name of ['list_workflows', 'search_documents', 'run_workflow', 'run_action', 'find_actions', 'create_workflow']) expect(list.offered).not.toContain(name);
    expect(list.result).toMatch(/permission|not allow/i);
    expect(list.result).not.toContain(SECRET_NAME);
    expect(list.next).not.toContain(SECRET_NAME);

    const search = await attempt(chatter.bearer, 'search_documents', { query: 'salary' });
    expect(search.result).toMatch(/memory:read|permission|not allow/i);
    expect(search.result).not.toContain(SECRET_DOC);
    expect(search.next).not.toContain(SECRET_DOC);
    expect(searched.length).toBe(searchesBefore);

    const run = await attempt(chatter.bearer, 'run_workflow', { workflowId });
    // Refused outright: no confirmation card, no run.
    expect(run.events.some((e) => e.event === 'confirm')).toBe(false);
    expect(run.result).toMatch(/workflows:run|permission|not allow/i);

    const action = await attempt(chatter.bearer, 'run_action', { actionId: 'core.http_request', input: { method: 'GET', url: 'http://127.0.0.1:9/x' } });
    expect(action.events.some((e) => e.event === 'confirm')).toBe(false);
    expect(action.result).toMatch(/workflows:run|permission|not allow/i);
    expect(await countRuns()).toBe(runsBefore);
  });

  it("finding 7: a member chatting through a token scoped to chat only gets the token's rights, not their role's", async () => {
    const member = await addMember(t.app, owner, 'member');
    await keyFor(member);
    const minted = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: member.session, payload: { name: 'chat only', role: 'chatter', expiresInDays: 1 } });
    expect(minted.statusCode, minted.body).toBe(201);
    const scoped = { authorization: `Bearer ${minted.json<{ token: string }>().token}` };
    const runsBefore = await countRuns();

    const list = await attempt(scoped, 'list_workflows', {});
    expect(list.offered).not.toContain('list_workflows');
    expect(list.result).not.toContain(SECRET_NAME);
    expect(list.result).toMatch(/permission|not allow/i);
    const run = await attempt(scoped, 'run_workflow', { workflowId });
    expect(run.events.some((e) => e.event === 'confirm')).toBe(false);
    expect(await countRuns()).toBe(runsBefore);

    // The same member through their full session is offered the tools and may list.
    const full = await attempt(member.bearer, 'list_workflows', {});
    expect(full.offered).toEqual(expect.arrayContaining(['list_workflows', 'search_documents', 'run_workflow', 'run_action']));
    expect(full.result).toContain(SECRET_NAME);
  });
});
