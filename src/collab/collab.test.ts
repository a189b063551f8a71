import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { buildApp, type AtomApp } from '../app.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp, createTestContext, dialects, type TestContext } from '../../test/support/context.js';
import { testRedisUrl } from '../../test/support/postgres.js';
import { createCollabStore } from './collab-doc-repository.js';
import { addStep, readStep, setStepField, toDefinition } from './model.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const definition = {
  trigger: { type: 'manual' },
  steps: [
    { id: 'first', type: 'transform', expression: '1' },
    { id: 'second', type: 'transform', expression: '2' },
  ],
};

/** A WebSocket class that sends a session cookie, as a browser would. */
const socketWithCookie = (cookie: string) =>
  class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };

const providers: WebsocketProvider[] = [];
function connect(base: string, workflowId: string, actor: TestActor): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${base}/api/workflows/${workflowId}`, 'collab', doc, {
    WebSocketPolyfill: socketWithCookie(actor.cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  return { doc, provider };
}
const synced = (p: WebsocketProvider) => new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', (s: boolean) => s && resolve())));

async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Opens a raw socket and reports how the handshake ended. */
const handshake = (url: string, headers: Record<string, string>) =>
  new Promise<string>((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('error', (err) => resolve(err.message));
  });

const closeAll = () => {
  for (const p of providers.splice(0)) p.destroy();
};

describe.each(dialects)('workflow co-editing on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let owner: TestActor;
  let member: TestActor;
  let workflowId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_LOGIN_DELAY_MS: '0' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = address.replace(/^http/, 'ws');
    owner = await signUpOwner(t.app, { name: 'Ada' });
    member = await addMember(t.app, owner, 'member');
    const res = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Co-edited', definition } });
    workflowId = res.json().id;
  });
  afterAll(async () => {
    closeAll();
    await t.cleanup();
  });

  it('merges concurrent edits of two people on different steps, over the real WebSocket', async () => {
    const a = connect(base, workflowId, owner);
    const b = connect(base, workflowId, member);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    expect(toDefinition(a.doc).steps.map((s) => s.id)).toEqual(['first', 'second']);

    // Both edit at the same moment, before either hears of the other's change.
    setStepField(a.doc, 'first', 'expression', '"edited by A"');
    setStepField(b.doc, 'second', 'expression', '"edited by B"');
    addStep(b.doc, 'root', 2, { id: 'third', type: 'transform', expression: '3' });

    await eventually(() => {
      for (const doc of [a.doc, b.doc]) {
        expect(readStep(doc, 'first')?.['expression']).toBe('"edited by A"');
        expect(readStep(doc, 'second')?.['expression']).toBe('"edited by B"');
        expect(toDefinition(doc).steps.map((s) => s.id)).toEqual(['first', 'second', 'third']);
      }
    });
    // Awareness: each sees the other's selection, under the name the server knows (not the one claimed).
    a.provider.awareness.setLocalState({ user: { id: 'someone-else', name: 'Mallory', color: '#123456' }, selected: 'first' });
    await eventually(() => {
      const seen = [...b.provider.awareness.getStates().values()].find((s) => (s as { selected?: string }).selected === 'first') as { user?: unknown } | undefined;
      expect(seen?.user).toEqual({ id: owner.userId, name: 'Ada', color: '#123456' });
    });
    closeAll();
  });

  it('keeps the document in the database: it reloads after everyone left, and a save records every editor', async () => {
    await eventually(async () => {
      const stored = await createCollabStore(t.ctx.db).load(workflowId);
      expect(stored.state).toBeDefined();
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.state as Uint8Array);
      expect(readStep(doc, 'second')?.['expression']).toBe('"edited by B"');
      expect(stored.authors.sort()).toEqual([owner.userId, member.userId].sort());
    });
    const state = await t.app.inject({ url: `/api/workflows/${workflowId}/collab/state`, headers: owner.bearer });
    expect(state.statusCode).toBe(200);
    expect(state.json().definition.steps.map((s: { id: string }) => s.id)).toEqual(['first', 'second', 'third']);
    expect(state.json().editors.map((e: { name: string }) => e.name).sort()).toEqual(['Ada', 'Test member']);

    const saved = await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/collab/save`, headers: member.bearer, payload: { message: 'Both edits' } });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ version: 2, author: member.userId, message: 'Both edits' });
    expect(saved.json().authors.map((a: { id: string }) => a.id).sort()).toEqual([owner.userId, member.userId].sort());
    const v2 = (await t.app.inject({ url: `/api/workflows/${workflowId}/versions/2`, headers: owner.bearer })).json();
    expect(v2.definition.steps[2]).toMatchObject({ id: 'third', expression: '3' });
    const after = (await t.app.inject({ url: `/api/workflows/${workflowId}/collab/state`, headers: owner.bearer })).json();
    expect(after).toMatchObject({ baseVersion: 2, editors: [] });
    expect(after.versions[0].version).toBe(2);
  });

  it('refuses anonymous callers, other workspaces and foreign origins; viewers cannot change the document', async () => {
    const url = `${base}/api/workflows/${workflowId}/collab`;
    expect(await handshake(url, {})).toBe('401');
    const stranger = await signUpOwner(t.app);
    // A workflow of another workspace does not exist for this caller.
    expect(await handshake(url, { cookie: stranger.cookie })).toBe('404');
    expect(await handshake(url, { cookie: owner.cookie, origin: 'https://evil.example' })).toBe('403');
    expect(await handshake(url, { cookie: owner.cookie })).toBe('open');
    expect((await t.app.inject({ url: `/api/workflows/${workflowId}/collab/state`, headers: stranger.bearer })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/collab/save`, headers: stranger.bearer, payload: { message: 'x' } })).statusCode).toBe(404);

    const viewer = await addMember(t.app, owner, 'viewer');
    const v = connect(base, workflowId, viewer);
    await synced(v.provider);
    setStepField(v.doc, 'first', 'expression', '"viewer was here"');
    await new Promise((r) => setTimeout(r, 300));
    closeAll();
    const state = (await t.app.inject({ url: `/api/workflows/${workflowId}/collab/state`, headers: owner.bearer })).json();
    expect(state.definition.steps[0].expression).toBe('"edited by A"');
    const denied = await t.app.inject({ method: 'POST', url: `/api/workflows/${workflowId}/collab/save`, headers: viewer.bearer, payload: { message: 'x' } });
    expect(denied.statusCode).toBe(403);
  });

  it('merges edits made while disconnected when the connection comes back', async () => {
    const a = connect(base, workflowId, owner);
    const b = connect(base, workflowId, member);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.provider.disconnect();
    setStepField(a.doc, 'first', 'name', 'named offline');
    setStepField(b.doc, 'second', 'name', 'named online');
    await eventually(() => expect(readStep(a.doc, 'second')?.['name']).toBeUndefined());
    a.provider.connect();
    await eventually(() => {
      for (const doc of [a.doc, b.doc]) {
        expect(readStep(doc, 'first')?.['name']).toBe('named offline');
        expect(readStep(doc, 'second')?.['name']).toBe('named online');
      }
    });
    closeAll();
  });

  it('compacts appended updates into the snapshot', async () => {
    const store = createCollabStore(t.ctx.db);
    const a = connect(base, workflowId, owner);
    await synced(a.provider);
    for (let i = 0; i < 120; i++) setStepField(a.doc, 'third', 'expression', String(i));
    await eventually(async () => expect((await store.load(workflowId)).pending).toBeLessThan(100));
    closeAll();
    await eventually(async () => {
      const stored = await store.load(workflowId);
      expect(stored.pending).toBe(0);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.state as Uint8Array);
      expect(readStep(doc, 'third')?.['expression']).toBe('119');
    });
  });
});

describe('workflow co-editing across two API replicas (Redis relay)', () => {
  const contexts: TestContext[] = [];
  const apps: AtomApp[] = [];
  afterAll(async () => {
    closeAll();
    for (const app of apps) await app.close();
    for (const c of contexts) await c.cleanup();
  });

  it('converges when two people are connected to different replicas', async () => {
    const env = { ATOM_REDIS_URL: testRedisUrl(), ATOM_JOBS_PREFIX: `collab${process.pid}${Date.now().toString(36)}`, ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_LOGIN_DELAY_MS: '0' };
    const first = await createTestContext('sqlite', env);
    contexts.push(first);
    // The second replica shares the first one's database (same SQLite file) and Redis.
    const second = await createTestContext('sqlite', { ...env, ATOM_DATA_DIR: first.dataDir });
    contexts.push(second);
    for (const c of contexts) apps.push(await buildApp(c.ctx));
    const [one, two] = apps as [AtomApp, AtomApp];
    const owner = await signUpOwner(one);
    const member = await addMember(one, owner, 'member');
    const workflowId = (await one.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Replicated', definition } })).json().id as string;
    const bases = await Promise.all(apps.map(async (app) => (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')));

    const a = connect(bases[0] as string, workflowId, owner);
    const b = connect(bases[1] as string, workflowId, member);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    setStepField(a.doc, 'first', 'expression', '"via replica 1"');
    setStepField(b.doc, 'second', 'expression', '"via replica 2"');
    await eventually(() => {
      for (const doc of [a.doc, b.doc]) {
        expect(readStep(doc, 'first')?.['expression']).toBe('"via replica 1"');
        expect(readStep(doc, 'second')?.['expression']).toBe('"via replica 2"');
      }
    });
    const saved = await two.inject({ method: 'POST', url: `/api/workflows/${workflowId}/collab/save`, headers: owner.bearer, payload: { message: 'from two replicas' } });
    expect(saved.statusCode).toBe(201);
    expect(saved.json().authors.map((x: { id: string }) => x.id).sort()).toEqual([owner.userId, member.userId].sort());
  });
});
