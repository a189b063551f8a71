import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { provideAgentPorts } from '../../../src/ai/chat/ports.js';
import { buildApp, type AtomApp } from '../../../src/app.js';
import { readStep, setStepField } from '../../../src/collab/model.js';
import { publish } from '../../../src/realtime/index.js';
import { startFakeDeepgram, type FakeDeepgram } from '../../fakes/deepgram/server.js';
import { startFakeOpenAI } from '../../fakes/openai/server.js';
import { openSse } from '../../realtime/sse-client.js';
import { addMember, signUpOwner, type TestActor } from '../../support/auth.js';
import { createTestApp, createTestContext, dialects, type TestContext } from '../../support/context.js';
import { testRedisUrl } from '../../support/postgres.js';

/**
 * Finding 9 of the security review: a removed member kept editing a workflow through an open co-editing
 * socket. Open sockets and event streams follow membership and role changes within a second: removal
 * closes them, demotion re-evaluates them with the new rights, on every API replica.
 */
const env = { ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000' };
const definition = { trigger: { type: 'manual' }, steps: [{ id: 'first', type: 'transform', expression: '1' }] };
/** The promise: within a second; the margin absorbs a loaded test machine's scheduling. */
const WITHIN_MS = 1000;
const SLACK_MS = 500;

const socketWithCookie = (cookie: string) =>
  class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };

const providers: WebsocketProvider[] = [];
function coEdit(wsBase: string, workflowId: string, actor: TestActor) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsBase}/api/workflows/${workflowId}`, 'collab', doc, {
    WebSocketPolyfill: socketWithCookie(actor.cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  const closes: number[] = [];
  provider.on('connection-close', () => closes.push(Date.now()));
  const synced = new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', (s: boolean) => s && resolve())));
  return { doc, provider, closes, synced };
}

async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(dialects)('finding 9: open sockets and streams follow membership changes, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let httpBase: string;
  let wsBase: string;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, env);
    httpBase = await t.app.listen({ port: 0, host: '127.0.0.1' });
    wsBase = httpBase.replace(/^http/, 'ws');
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    await t.cleanup();
  });

  const newWorkflow = async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: `co-edited ${Math.random()}`, definition } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const expressionNow = async (workflowId: string) => {
    const state = await t.app.inject({ url: `/api/workflows/${workflowId}/collab/state`, headers: owner.bearer });
    expect(state.statusCode).toBe(200);
    return state.json<{ definition: { steps: { id: string; expression: string }[] } }>().definition.steps.find((s) => s.id === 'first')?.expression;
  };

  it('finding 9: a removed member cannot keep editing through an open co-editing socket', async () => {
    const workflowId = await newWorkflow();
    const member = await addMember(t.app, owner, 'member');
    const m = coEdit(wsBase, workflowId, member);
    await m.synced;
    setStepField(m.doc, 'first', 'expression', '"while a member"');
    await eventually(async () => expect(await expressionNow(workflowId)).toBe('"while a member"'));

    const removedAt = Date.now();
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer });
    expect(removed.statusCode).toBe(200);
    await eventually(() => expect(m.closes.length).toBeGreaterThan(0), WITHIN_MS + SLACK_MS);
    expect(m.closes[0]! - removedAt).toBeLessThan(WITHIN_MS + SLACK_MS);

    // Whatever the client does next reaches nobody.
    setStepField(m.doc, 'first', 'expression', '"after removal"');
    await sleep(500);
    expect(await expressionNow(workflowId)).toBe('"while a member"');
    expect(readStep(m.doc, 'first')?.['expression']).toBe('"after removal"');
  });

  it('finding 9: a member demoted to viewer loses write access on the open socket', async () => {
    const workflowId = await newWorkflow();
    const member = await addMember(t.app, owner, 'member');
    const m = coEdit(wsBase, workflowId, member);
    await m.synced;
    setStepField(m.doc, 'first', 'expression', '"as a member"');
    await eventually(async () => expect(await expressionNow(workflowId)).toBe('"as a member"'));

    const demoted = await t.app.inject({ method: 'PATCH', url: `/api/members/${member.userId}`, headers: owner.bearer, payload: { role: 'viewer' } });
    expect(demoted.statusCode).toBe(200);
    await sleep(WITHIN_MS);
    setStepField(m.doc, 'first', 'expression', '"as a viewer"');
    await sleep(800);
    expect(await expressionNow(workflowId)).toBe('"as a member"');
  });

  it('finding 9: the event stream narrows at once on demotion and ends on removal', async () => {
    const member = await addMember(t.app, owner, 'member');
    const s = await openSse(`${httpBase}/api/events`, { cookie: member.cookie });
    try {
      await s.waitFor((f) => f.event === 'ready');
      const writersOnly = (n: number) => publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.write_only', resource: { kind: 'test', id: String(n) }, permission: 'workflows:write' });
      const first = await writersOnly(1);
      await s.waitFor((f) => f.id === first!.id);

      const demoted = await t.app.inject({ method: 'PATCH', url: `/api/members/${member.userId}`, headers: owner.bearer, payload: { role: 'viewer' } });
      expect(demoted.statusCode).toBe(200);
      // Published right after the demotion answered: the stream must already judge it by the new role.
      await writersOnly(2);
      const sentinel = await publish(t.ctx, { workspaceId: owner.workspaceId, type: 'test.sentinel', resource: { kind: 'test', id: 's' } });
      await s.waitFor((f) => f.id === sentinel!.id, 3000);
      expect(s.events().filter((e) => e.type === 'test.write_only').map((e) => e.resource.id)).toEqual(['1']);

      const removedAt = Date.now();
      const removed = await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer });
      expect(removed.statusCode).toBe(200);
      const end = await s.waitFor((f) => f.event === 'end', WITHIN_MS + SLACK_MS);
      expect(end.data).toEqual({ reason: 'access_changed' });
      expect(Date.now() - removedAt).toBeLessThan(WITHIN_MS + SLACK_MS);
      await s.closed;
    } finally {
      s.close();
    }
  });
});

describe('finding 9: a removal on one API replica closes sockets and streams on another (Redis)', () => {
  const contexts: TestContext[] = [];
  const apps: AtomApp[] = [];
  afterAll(async () => {
    for (const p of providers.splice(0)) p.destroy();
    for (const app of apps) await app.close();
    for (const c of contexts) await c.cleanup();
  });

  it('finding 9: the co-editing socket and the event stream on replica 2 end when replica 1 removes the member', async () => {
    const shared = { ...env, ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: `f9${process.pid}${Date.now().toString(36)}` };
    const first = await createTestContext('sqlite', shared);
    contexts.push(first);
    const second = await createTestContext('sqlite', { ...shared, ATOM_DATA_DIR: first.dataDir });
    contexts.push(second);
    for (const c of contexts) apps.push(await buildApp(c.ctx));
    const [one, two] = apps as [AtomApp, AtomApp];
    const owner = await signUpOwner(one);
    const member = await addMember(one, owner, 'member');
    const workflowId = (await one.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Replicated', definition } })).json<{ id: string }>().id;
    await one.listen({ port: 0, host: '127.0.0.1' });
    const onTwo = await two.listen({ port: 0, host: '127.0.0.1' });

    const m = coEdit(onTwo.replace(/^http/, 'ws'), workflowId, member);
    await m.synced;
    const s = await openSse(`${onTwo}/api/events`, { cookie: member.cookie });
    try {
      await s.waitFor((f) => f.event === 'ready');
      const removedAt = Date.now();
      expect((await one.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer })).statusCode).toBe(200);
      await eventually(() => expect(m.closes.length).toBeGreaterThan(0), WITHIN_MS + SLACK_MS);
      expect(m.closes[0]! - removedAt).toBeLessThan(WITHIN_MS + SLACK_MS);
      await s.waitFor((f) => f.event === 'end', WITHIN_MS + SLACK_MS);

      setStepField(m.doc, 'first', 'expression', '"after removal"');
      await sleep(500);
      const state = (await one.inject({ url: `/api/workflows/${workflowId}/collab/state`, headers: owner.bearer })).json<{ definition: { steps: { expression: string }[] } }>();
      expect(state.definition.steps[0]?.expression).toBe('1');
    } finally {
      s.close();
    }
  }, 60_000);
});

describe.each(dialects)('finding 9: a running chat turn of a removed member does nothing more, on %s', (dialect) => {
  const KEY = 'sk-finding-9-key-1234567890abcdef';
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let openai: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let owner: TestActor;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ...env, ATOM_SSRF_ALLOW: '127.0.0.1' });
    openai = await startFakeOpenAI({ keys: [KEY] });
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    await openai.close();
  });

  it('finding 9: tool calls after the removal are refused and the stream ends', async () => {
    const member = await addMember(t.app, owner, 'member');
    const key = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: member.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(key.statusCode, key.body).toBe(201);
    const searches: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let firstSearch!: () => void;
    const searching = new Promise<void>((r) => (firstSearch = r));
    provideAgentPorts(t.ctx, {
      memory: {
        search: async ({ query }) => {
          searches.push(query);
          firstSearch();
          await released;
          return [{ documentId: 'd1', title: 'Payroll', url: '/memory/documents/d1', snippet: 'salaries' }];
        },
      },
    });
    openai.script({ toolCalls: [{ name: 'search_documents', args: { query: 'first' } }] }, { toolCalls: [{ name: 'search_documents', args: { query: 'second' } }] }, { text: 'All done.' });

    const turn = t.app.inject({ method: 'POST', url: '/api/chat', headers: member.bearer, payload: { message: 'Look things up' } });
    await searching;
    const removedAt = Date.now();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer })).statusCode).toBe(200);
    // The first tool call finishes only after the promised second has passed.
    setTimeout(release, WITHIN_MS + SLACK_MS + 200);
    // The stream ends within a second of the removal, while the first tool call is still running.
    const answer = await turn;
    expect(Date.now() - removedAt).toBeLessThan(WITHIN_MS + SLACK_MS);
    expect(answer.body).not.toContain('All done.');
    // The agent goes on talking to the model, but nothing it asks for runs as the removed member.
    await released;
    await sleep(1500);
    expect(searches).toEqual(['first']);
  });
});

describe.each(dialects)('finding 9: the voice push-to-talk socket follows membership changes, on %s', (dialect) => {
  const DG_KEY = 'dg-live-key-0123456789abcdef';
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let deepgram: FakeDeepgram;
  let wsBase: string;
  let owner: TestActor;
  beforeAll(async () => {
    t = await createTestApp(dialect, { ...env, ATOM_SSRF_ALLOW: '127.0.0.1' });
    deepgram = await startFakeDeepgram({ keys: [DG_KEY] });
    wsBase = (await t.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
    owner = await signUpOwner(t.app);
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    await deepgram.close();
  });

  /** A member with their own Deepgram key and a live-session ticket minted with their API token. */
  const memberWithTicket = async () => {
    const member = await addMember(t.app, owner, 'member');
    const key = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: member.bearer, payload: { provider: 'deepgram', apiKey: DG_KEY, baseUrl: deepgram.url } });
    expect(key.statusCode, key.body).toBe(201);
    const session = await t.app.inject({ method: 'POST', url: '/api/voice/live-session', headers: member.bearer, payload: { encoding: 'linear16', sampleRate: 16000 } });
    expect(session.statusCode, session.body).toBe(201);
    return { member, url: `${wsBase}${session.json<{ url: string }>().url}` };
  };
  const open = (url: string) => {
    const ws = new WebSocket(url);
    const messages: { type: string; code?: string }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as { type: string; code?: string }));
    const closed = new Promise<{ code: number; at: number }>((resolve) => ws.on('close', (code) => resolve({ code, at: Date.now() })));
    return { ws, messages, closed, opened: new Promise((r) => ws.once('open', r)) };
  };

  it('finding 9: removing a member ends their open voice socket within a second', async () => {
    const { member, url } = await memberWithTicket();
    const s = open(url);
    await s.opened;
    s.ws.send(Buffer.alloc(3200));
    await eventually(() => expect(deepgram.liveSessions.length).toBeGreaterThan(0));
    const removedAt = Date.now();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer })).statusCode).toBe(200);
    const closed = await s.closed;
    expect(closed.code).toBe(4003);
    expect(closed.at - removedAt).toBeLessThan(WITHIN_MS + SLACK_MS);
    expect(s.messages).toContainEqual(expect.objectContaining({ type: 'error', code: 'auth.access_changed' }));
  });

  it('finding 9: a ticket minted before the removal opens no relay after it', async () => {
    const { member, url } = await memberWithTicket();
    const before = deepgram.liveSessions.length;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer })).statusCode).toBe(200);
    const s = open(url);
    expect((await s.closed).code).toBe(4003);
    await sleep(200);
    expect(deepgram.liveSessions.length).toBe(before);
  });
});
