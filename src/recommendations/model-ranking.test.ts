import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../test/fakes/openai/server.js';
import type { RecordedRequest } from '../../test/fakes/openai/script.js';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp } from '../../test/support/context.js';
import { connectionRepository } from '../integrations/connections/connection-repository.js';
import { forgetRankings } from './model-ranking.js';
import { recommendationsFor } from './recommend.js';
import type { Recommendation } from './schemas.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const KEY = 'sk-recommendations-test-key-1234567890';

/** The candidate ids the model was shown, in the order it was shown them (keys use a restricted alphabet). */
const idsIn = (req: RecordedRequest): string[] => [...new Set(req.body.match(/\b(?:connection|failing|template|document|start):[A-Za-z0-9._:-]+[A-Za-z0-9]/g) ?? [])];

describe('recommendations ranked by a model (sqlite, fake OpenAI)', () => {
  let t: TestApp;
  let openai: FakeOpenAI;
  let hanging: Server;
  let hangingUrl: string;
  let hangingPosts = 0;
  let a: TestActor;
  let aViewer: TestActor;
  let b: TestActor;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { ATOM_LOG_LEVEL: 'silent', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_SSRF_ALLOW: '127.0.0.1' });
    openai = await startFakeOpenAI({ keys: [KEY] });
    // An OpenAI-compatible server that lists models (so the key validates) and never answers a completion.
    hanging = createServer((req, res) => {
      if (req.method === 'POST') hangingPosts++;
      if (req.method === 'GET' && req.url?.startsWith('/v1/models')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'x' }] }));
      }
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/v1`;

    a = await signUpOwner(t.app, { name: 'Ada' });
    aViewer = await addMember(t.app, a, 'viewer');
    b = await signUpOwner(t.app, { name: 'Bea' });
    for (const who of [a, b]) {
      for (const [service, label] of [['slack', 'Acme Slack'], ['github', 'Acme GitHub'], ['notion', 'Acme Notion']] as const) await connect(who, service, label);
      const broken = await connect(who, 'gmail', 'Support inbox');
      await connectionRepository(t.ctx.db).setStatus(who.workspaceId, broken.id, 'expired');
    }
    const saved = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: a.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: `${openai.url}/v1` } });
    expect(saved.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.cleanup();
    await openai.close();
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  const connect = (who: TestActor, serviceId: string, label: string) =>
    connectionRepository(t.ctx.db).create({ workspaceId: who.workspaceId, userId: null, serviceId, label, authKind: 'oauth2', credentialsSealed: 'x', scopes: [], accountLabel: null, expiresAt: null, createdBy: who.userId });
  const list = async (who: TestActor, limit = 50) => {
    const r = await t.app.inject({ url: `/api/recommendations?limit=${limit}`, headers: who.bearer });
    expect(r.statusCode).toBe(200);
    return r.json<{ items: Recommendation[] }>().items;
  };
  const calls = () => openai.requests.filter((r) => r.method === 'POST').length;

  it('without a model key the rules order stands and no model is asked', async () => {
    const before = calls();
    const items = await list(b);
    expect(items.length).toBeGreaterThan(2);
    expect(items[0]!.kind).toBe('connection');
    expect(items.every((i) => i.rankedBy === 'rules')).toBe(true);
    expect(calls()).toBe(before);
  });

  it('applies the model order and its rewording, records the usage, and caches the ranking', async () => {
    forgetRankings(t.ctx);
    let shown: string[] = [];
    openai.script((req) => {
      shown = idsIn(req);
      const reversed = [...shown].reverse();
      return {
        text: '```json\n' + JSON.stringify({ items: reversed.map((id, i) => (i === 0 ? { id, title: 'Try this one first', reason: 'You use these services every day.' } : { id })) }) + '\n```',
        usage: { input: 900, output: 120 },
      };
    });
    const before = calls();
    const items = await list(a);
    expect(calls()).toBe(before + 1);
    expect(shown.length).toBe(items.length);
    expect(items.map((i) => i.key)).toEqual([...shown].reverse());
    expect(items[0]).toMatchObject({ title: 'Try this one first', reason: 'You use these services every day.', rankedBy: 'model' });
    // Only title and reason may change: the link is the rule's.
    expect(items[0]!.action.href).toMatch(/^\/(workflows|integrations|memory|settings)/);
    expect(items.every((i) => i.rankedBy === 'model')).toBe(true);
    // The last one kept its rule wording.
    expect(items.at(-1)!.kind).toBe('connection');
    expect(items.at(-1)!.title).not.toBe('Try this one first');

    const usage = await t.ctx.db.selectFrom('ai_usage').selectAll().where('workspace_id', '=', a.workspaceId).where('feature', '=', 'recommendations').execute();
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ user_id: a.userId, input_tokens: 900, output_tokens: 120 });

    // Same candidates: served from the cache; a smaller page is a slice of the same ranking.
    expect((await list(a)).map((i) => i.key)).toEqual(items.map((i) => i.key));
    expect((await list(a, 2)).map((i) => i.key)).toEqual(items.slice(0, 2).map((i) => i.key));
    expect(calls()).toBe(before + 1);

    // A dismissal shrinks the candidates: the cached ranking still covers them, no new call.
    const gone = items[1]!.key;
    expect((await t.app.inject({ method: 'POST', url: `/api/recommendations/${encodeURIComponent(gone)}/dismiss`, headers: a.bearer })).statusCode).toBe(200);
    const after = await list(a);
    expect(after.map((i) => i.key)).toEqual(items.map((i) => i.key).filter((k) => k !== gone));
    expect(calls()).toBe(before + 1);
  });

  it('never brings back a dismissed suggestion or adds one, even when the model names them', async () => {
    forgetRankings(t.ctx);
    const dismissed = (await t.ctx.db.selectFrom('recommendation_dismissals').select('key').where('user_id', '=', a.userId).execute()).map((d) => d.key);
    expect(dismissed).toHaveLength(1);
    let shown: string[] = [];
    openai.script((req) => {
      shown = idsIn(req);
      return { text: JSON.stringify({ items: [{ id: dismissed[0]!, title: 'Back again' }, { id: 'template:invented-by-the-model', title: 'New!' }, { id: shown[2]! }, { id: shown[2]! }, { id: shown[0]! }] }) };
    });
    const items = await list(a);
    expect(shown).not.toContain(dismissed[0]);
    const keys = items.map((i) => i.key);
    expect(keys).not.toContain(dismissed[0]);
    expect(keys).not.toContain('template:invented-by-the-model');
    expect(items.some((i) => i.title === 'Back again' || i.title === 'New!')).toBe(false);
    // Named ones first (each once), the rest after them in rule order.
    expect(keys).toEqual([shown[2], shown[0], ...shown.filter((k) => k !== shown[2] && k !== shown[0])]);
    expect(items.map((i) => i.rankedBy)).toEqual(['model', 'model', ...shown.slice(2).map(() => 'rules')]);
  });

  it.each([
    ['a 500 from the provider', { status: 500 }],
    ['an answer that is not JSON', { text: 'Sure! Here are your suggestions ranked nicely.' }],
    ['JSON of the wrong shape', { text: JSON.stringify({ ranking: ['a', 'b'] }) }],
    ['only unknown ids', { text: JSON.stringify({ items: [{ id: 'template:nothing-like-it' }] }) }],
  ])('falls back to the rules order on %s, and does not ask again at once', async (_name, reply) => {
    forgetRankings(t.ctx);
    openai.script(reply);
    const before = calls();
    const items = await list(a);
    expect(calls()).toBe(before + 1);
    expect(items.every((i) => i.rankedBy === 'rules')).toBe(true);
    expect(items[0]!.kind).toBe('connection');
    await list(a);
    expect(calls()).toBe(before + 1);
  });

  it('falls back to the rules order when the model does not answer in time', async () => {
    const c = await signUpOwner(t.app, { name: 'Cy' });
    await connect(c, 'slack', 'Cy Slack');
    const saved = await t.app.inject({ method: 'POST', url: '/api/ai/keys', headers: c.bearer, payload: { provider: 'openai', apiKey: KEY, baseUrl: hangingUrl } });
    expect(saved.statusCode).toBe(201);
    const caller = { userId: c.userId, workspaceId: c.workspaceId, role: 'owner', permissions: new Set(['ai:use', 'connections:read', 'workflows:read', 'workflows:write', 'memory:read']), via: 'session' as const };
    const started = Date.now();
    const items = await recommendationsFor(t.ctx, caller, { modelTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hangingPosts).toBe(1);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.rankedBy === 'rules')).toBe(true);
  });

  it('a caller without ai:use (a viewer) gets the rules order without a model call', async () => {
    forgetRankings(t.ctx);
    const before = calls();
    const items = await list(aViewer);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.rankedBy === 'rules')).toBe(true);
    expect(calls()).toBe(before);
  });
});
