import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../fakes/openai/server.js';
import { startSlackFake, type SlackFake } from '../../../src/integrations/slack/fake.js';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, dialects } from '../../support/context.js';
import { parseEventStream } from '../../../src/ai/chat/event-stream.js';
import { workflowRuntime } from '../../../src/workflows/index.js';

/**
 * Finding 5 of the security review: a member could use another member's personal connection by putting
 * its id into a workflow step, a trigger or a chat action, and the colleague's token went upstream. Using
 * a connection needs the right to use it (its owner, or a workspace-shared connection with the
 * permission), checked at activation as the version's author, at every run, and in chat as the person
 * chatting.
 */
const KEY = 'sk-connection-use-test-1234567890ab';

describe.each(dialects)('finding 5: connection use on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let slack: SlackFake;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let owner: TestActor;
  let alice: TestActor;
  let bob: TestActor;
  let bobToken: string;
  let bobConnection: string;

  beforeAll(async () => {
    slack = await startSlackFake();
    openai = await startFakeOpenAI({ keys: [KEY] });
    t = await createTestApp(dialect, {
      ATOM_LOGIN_DELAY_MS: '0',
      ATOM_RATE_LIMIT_PER_MINUTE: '100000',
      ATOM_SSRF_ALLOW: '127.0.0.1',
      ATOM_INTEGRATIONS: JSON.stringify({ slack: { clientId: 'atom-client', clientSecret: 'atom-secret', apiBaseUrl: `${slack.url}/api`, tokenUrl: `${slack.url}/api/oauth.v2.access` } }),
    });
    workflowRuntime(t.ctx).startWorkers();
    owner = await signUpOwner(t.app);
    alice = await addMember(t.app, owner, 'member');
    bob = await addMember(t.app, owner, 'member');
    bobToken = slack.issue();
    const made = await t.app.inject({ method: 'POST', url: '/api/connections', headers: bob.bearer, payload: { service: 'slack', label: "Bob's Slack", personal: true, verify: false, credentials: { accessToken: bobToken } } });
    expect(made.statusCode, made.body).toBe(201);
    bobConnection = made.json<{ id: string }>().id;
  }, 90_000);
  afterAll(async () => {
    await t?.cleanup();
    await slack?.close();
    await openai?.close();
  });

  const bobTokenWentOut = () => slack.requests.some((r) => JSON.stringify(r.headers).includes(bobToken));
  const post = (connectionId: unknown) => ({ trigger: { type: 'manual' }, steps: [{ id: 'post', type: 'action', action: 'slack.post_message', input: { channel: 'C001', text: 'from alice', connectionId } }] });
  const create = async (actor: TestActor, definition: unknown) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: actor.bearer, payload: { name: 'notify', definition } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  type Problem = { errors?: { field: string; message: string }[] };
  const activate = (actor: TestActor, id: string) => t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: actor.bearer, payload: {} });

  it("finding 5: a member cannot activate a workflow step that names a colleague's personal connection, and learns no more than for an unknown id", async () => {
    const sent = slack.posted.length;
    const theirs = await activate(alice, await create(alice, post(bobConnection)));
    const unknown = await activate(alice, await create(alice, post('conn_does_not_exist')));
    expect(theirs.statusCode).toBe(422);
    expect(unknown.statusCode).toBe(422);
    const theirErrors = theirs.json<Problem>().errors ?? [];
    expect(theirErrors).toEqual([{ field: 'steps.post.input.connectionId', message: expect.any(String) }]);
    // The same answer as for an id that does not exist: nothing tells Alice that Bob's connection is real.
    expect(theirErrors[0]!.message.replace(bobConnection, 'ID')).toBe((unknown.json<Problem>().errors ?? [])[0]!.message.replace('conn_does_not_exist', 'ID'));
    expect(theirs.body).not.toContain("Bob's Slack");
    // Validation and a manual run refuse it the same way; nothing reached Slack with Bob's token.
    const id = await create(alice, post(bobConnection));
    const v = (await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/validate`, headers: alice.bearer, payload: {} })).json<{ valid: boolean; issues: { field: string }[] }>();
    expect(v).toMatchObject({ valid: false, issues: [expect.objectContaining({ field: 'steps.post.input.connectionId' })] });
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: alice.bearer, payload: { version: 'latest', waitMs: 5000 } })).statusCode).toBe(422);
    expect(slack.posted.length).toBe(sent);
    expect(bobTokenWentOut()).toBe(false);
    // Bob himself may use his own connection.
    expect((await activate(bob, await create(bob, post(bobConnection)))).statusCode).toBe(200);
  });

  it("finding 5: a trigger cannot poll a colleague's personal connection", async () => {
    const definition = { trigger: { type: 'integration', trigger: 'slack.new_message', connectionId: bobConnection, config: { channel: 'C001' } }, steps: [] };
    const r = await activate(alice, await create(alice, definition));
    expect(r.statusCode).toBe(422);
    expect(r.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'trigger.connectionId' })]);
  });

  it("finding 5: a run acting as its author cannot reach a colleague's personal connection chosen at run time, and fails without retrying", async () => {
    const sent = slack.posted.length;
    // An expression passes validation (its value is known only at run time): the run must refuse it.
    const id = await create(alice, post('{{ trigger.connection }}'));
    expect((await activate(alice, id)).statusCode).toBe(200);
    const run = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: alice.bearer, payload: { input: { connection: bobConnection }, waitMs: 10_000 } });
    expect(run.statusCode, run.body).toBe(200);
    const body = run.json<{ status: string; error: { code: string; message: string; retryable?: boolean } | null }>();
    expect(body.status).toBe('failed');
    expect(body.error?.message).toMatch(/does not exist|may use/i);
    expect(run.body).not.toContain("Bob's Slack");
    expect(slack.posted.length).toBe(sent);
    expect(bobTokenWentOut()).toBe(false);
  });

  it("finding 5: a workflow stops using its author's personal connection once the author is no longer a member", async () => {
    const carol = await addMember(t.app, owner, 'member');
    const carolConn = await t.app.inject({ method: 'POST', url: '/api/connections', headers: carol.bearer, payload: { service: 'slack', label: "Carol's Slack", personal: true, verify: false, credentials: { accessToken: slack.issue() } } });
    const id = await create(carol, post(carolConn.json<{ id: string }>().id));
    expect((await activate(carol, id)).statusCode).toBe(200);
    const first = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: alice.bearer, payload: { waitMs: 10_000 } });
    expect(first.json<{ status: string }>().status).toBe('succeeded');
    const sent = slack.posted.length;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${carol.userId}`, headers: owner.bearer })).statusCode).toBeLessThan(300);
    // Alice may run the workflow, but the run acts as its version's author, who may use nothing now.
    const later = await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/run`, headers: alice.bearer, payload: { waitMs: 10_000 } });
    expect([200, 422]).toContain(later.statusCode);
    if (later.statusCode === 200) expect(later.json<{ status: string }>().status).toBe('failed');
    expect(slack.posted.length).toBe(sent);
  });

  it("finding 5: in chat, a member cannot make the agent act through a colleague's personal connection", async () => {
    const keys = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: alice.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(keys.statusCode, keys.body).toBe(201);
    const sent = slack.posted.length;
    openai.script({ toolCalls: [{ name: 'run_action', args: { actionId: 'slack.post_message', input: { channel: 'C001', text: 'hi', connectionId: bobConnection } } }] });
    const events = parseEventStream((await t.app.inject({ method: 'POST', url: '/api/chat', headers: alice.bearer, payload: { message: 'post hi to slack' } })).body);
    const confirm = events.find((e) => e.event === 'confirm');
    // The card does not reveal the colleague's connection either.
    expect(JSON.stringify(confirm?.data ?? {})).not.toContain("Bob's Slack");
    if (confirm) {
      openai.script({ text: 'It did not work.' });
      const done = await t.app.inject({ method: 'POST', url: `/api/chat/pending/${String(confirm.data.pendingId)}/confirm`, headers: alice.bearer });
      const after = parseEventStream(done.body);
      expect(after.find((e) => e.event === 'tool' && e.data.status !== 'running')?.data.status).toBe('failed');
    }
    expect(slack.posted.length).toBe(sent);
    expect(bobTokenWentOut()).toBe(false);
    const conv = String(events[0]!.data.conversationId);
    const messages = (await t.app.inject({ url: `/api/conversations/${conv}`, headers: alice.bearer })).json<{ messages: { role: string; toolResult?: { output: unknown } }[] }>().messages;
    const result = JSON.stringify(messages.filter((m) => m.role === 'tool').map((m) => m.toolResult?.output));
    expect(result).toMatch(/does not exist|may use/i);
    expect(result).not.toContain("Bob's Slack");
  });
});
