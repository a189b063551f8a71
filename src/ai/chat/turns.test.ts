// One chat turn at a time per conversation: a second message sent while the first is still being answered
// (two tabs, a typed and a spoken message, two replicas) is refused 409 before anything is stored, instead
// of interleaving the two turns' messages and colliding on the message numbers (500 on PostgreSQL before).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../test/fakes/openai/server.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { parseEventStream } from './event-stream.js';
import { createConversationStore } from './conversation-repository.js';

const KEY = 'sk-turns-test-key-1234567890abcd';
const me = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['ai:use'] });
const colleague = asPrincipal({ userId: 'u2', workspaceId: 'ws1', permissions: ['ai:use'] });
const otherWorkspace = asPrincipal({ userId: 'u1', workspaceId: 'ws2', permissions: ['ai:use'] });
// The owner's own conversation, but a role without the assistant.
const narrow = asPrincipal({ userId: 'u1', workspaceId: 'ws1', permissions: ['memory:read'] });

describe.each(dialects)('chat turns on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  const send = (headers: Record<string, string>, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/chat', headers, payload });
  const messages = async (conversationId: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/conversations/${conversationId}`, headers: me });
    expect(res.statusCode).toBe(200);
    return (res.json() as { messages: { role: string; content: unknown }[] }).messages;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_SSRF_ALLOW: '127.0.0.1' }, { authenticator: testAuthenticator });
    openai = await startFakeOpenAI({ keys: [KEY] });
    const res = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: me, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.cleanup();
    await openai.close();
  });

  const start = async () => {
    openai.script({ text: 'First answer.' });
    const res = await send(me, { message: 'first' });
    expect(res.statusCode).toBe(200);
    return String(parseEventStream(res.body).find((e) => e.event === 'conversation')?.data['conversationId']);
  };

  it('refuses a message 409 while a turn holds the conversation, stores nothing, and accepts it once the turn ends', async () => {
    const id = await start();
    const store = createConversationStore(t.ctx);
    const { lease } = await store.claimTurn('ws1', 'u1', id);
    const modelCalls = openai.requests.length;

    const busy = await send(me, { conversationId: id, message: 'second, too early' });
    expect(busy.statusCode).toBe(409);
    expect(busy.headers['content-type']).toContain('application/problem+json');
    expect(busy.json()).toMatchObject({ code: 'ai.chat.turn_in_progress' });
    expect(openai.requests.length).toBe(modelCalls);
    expect((await messages(id)).length).toBe(2);

    await store.endTurn('ws1', id, lease);
    openai.script({ text: 'Second answer.' });
    const ok = await send(me, { conversationId: id, message: 'second' });
    expect(ok.statusCode).toBe(200);
    expect(parseEventStream(ok.body).at(-1)?.event).toBe('done');
    expect((await messages(id)).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('takes over a lease that ran out (a replica that died mid-turn), and a stale lease cannot end the new turn', async () => {
    const id = await start();
    const store = createConversationStore(t.ctx);
    const { lease: stale } = await store.claimTurn('ws1', 'u1', id, -1000);
    const { lease: current } = await store.claimTurn('ws1', 'u1', id);
    // The dead turn's end must not free the conversation its successor holds.
    await store.endTurn('ws1', id, stale);
    await expect(store.claimTurn('ws1', 'u1', id)).rejects.toMatchObject({ code: 'ai.chat.turn_in_progress', status: 409 });
    await store.endTurn('ws1', id, current);
    await expect(store.claimTurn('ws1', 'u1', id)).resolves.toMatchObject({ conversation: { id }, lease: expect.any(String) });
  });

  it('answers every one of several messages sent at once either in full or 409, never interleaved or failed', async () => {
    const id = await start();
    for (let i = 0; i < 6; i++) openai.script({ text: `Answer ${i}.` });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => send(me, { conversationId: id, message: `at once ${i}` })));
    const answered = results.filter((r) => r.statusCode === 200);
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([200, 409]).toContain(r.statusCode);
    for (const r of answered) expect(parseEventStream(r.body).map((e) => e.event)).not.toContain('error');
    const roles = (await messages(id)).map((m) => m.role);
    expect(roles).toEqual(Array.from({ length: 1 + answered.length }, () => ['user', 'assistant']).flat());
  });

  it('a colleague or another workspace cannot hold or probe the conversation (404, as for reading it), nor a role without the assistant (403)', async () => {
    const id = await start();
    for (const who of [colleague, otherWorkspace]) expect((await send(who, { conversationId: id, message: 'mine now' })).statusCode).toBe(404);
    expect((await send(narrow, { conversationId: id, message: 'no assistant for me' })).statusCode).toBe(403);
    expect((await messages(id)).length).toBe(2);
    // Nor directly through the store: not theirs is 404, and holds nothing.
    const store = createConversationStore(t.ctx);
    await expect(store.claimTurn('ws2', 'u1', id)).rejects.toMatchObject({ status: 404 });
    await expect(store.claimTurn('ws1', 'u2', id)).rejects.toMatchObject({ status: 404 });
    openai.script({ text: 'Still mine.' });
    expect((await send(me, { conversationId: id, message: 'still free' })).statusCode).toBe(200);
  });
  it('a turn is one claim, its messages and one end: 8 queries in a new conversation, 9 in an existing one, and the conversation moves to the top of the list', async () => {
    const queries = async () => (await t.ctx.metrics.dbQueryDuration.get()).values.filter((v) => v.metricName?.endsWith('_count')).reduce((a, v) => a + v.value, 0);
    const older = await start();
    let before = await queries();
    const id = await start();
    // Settings, the conversation with its turn, the question, keys, the messages, usage, the answer, the end.
    expect(await queries() - before).toBe(8);
    const ids = async () => ((await t.app.inject({ method: 'GET', url: '/api/conversations', headers: me })).json() as { conversations: { id: string }[] }).conversations.map((c) => c.id);
    expect((await ids()).indexOf(id)).toBeLessThan((await ids()).indexOf(older));

    openai.script({ text: 'Back to the older one.' });
    before = await queries();
    expect((await send(me, { conversationId: older, message: 'again' })).statusCode).toBe(200);
    // The claim reads the conversation, and a new message in an existing one cancels calls still waiting.
    expect(await queries() - before).toBe(9);
    expect((await ids()).indexOf(older)).toBeLessThan((await ids()).indexOf(id));
    expect((await messages(older)).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });
});
