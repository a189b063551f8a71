import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../support/context.js';
import { signUpOwner, type TestActor } from '../support/auth.js';

/**
 * IDOR sweep across domains: workspace B's owner (every permission) calls every route that takes an id,
 * with the ids of workspace A's resources. Nothing may succeed or fail on the server's side, the direct
 * reads are answered 404, and A's resources are unchanged afterwards.
 */
describe.each(dialects)('cross-workspace access on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let a: TestActor;
  let b: TestActor;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    a = await signUpOwner(t.app);
    b = await signUpOwner(t.app);
    expect(b.workspaceId).not.toBe(a.workspaceId);
    const post = async (url: string, payload: unknown) => {
      const res = await t.app.inject({ method: 'POST', url, headers: a.bearer, payload: payload as object });
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
      return res.json() as Record<string, unknown>;
    };
    ids['workflows'] = String(
      (await post('/api/workflows', { name: 'A only', definition: { trigger: { type: 'manual' }, steps: [{ id: 's', type: 'transform', expression: '1' }] } }))['id'],
    );
    ids['runs'] = String((await post(`/api/workflows/${ids['workflows']}/run`, { version: 'latest' }))['id']);
    ids['conversations'] = String((await post('/api/conversations', { title: 'A private chat' }))['id']);
    ids['connections'] = String((await post('/api/connections', { service: 'github', label: 'A GitHub', credentials: { accessToken: 'ghp_test_a' }, verify: false }))['id']);
    ids['memoryConnections'] = String(
      (await post('/api/memory/connections', { kind: 'google_drive', name: 'A drive' }))['id'],
    );
    // A synced document of A's, written as the sync writes its row.
    const now = new Date().toISOString();
    ids['documents'] = 'doc-of-a';
    await t.ctx.db
      .insertInto('memory_documents')
      .values({
        id: ids['documents'], workspace_id: a.workspaceId, connection_id: ids['memoryConnections']!, source: 'google_drive', external_id: 'x1', title: 'A secret plan', path: null, url: null,
        mime: 'text/plain', owner: null, modified_at: now, revision: null, content_hash: null, status: 'indexed', sync_run_id: null, created_at: now, updated_at: now, indexed_at: now,
        // Shared with everyone in A's workspace: still nobody else's.
        principals: '["*"]',
      })
      .execute();
    const tokens = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: a.bearer })).json() as { tokens: { id: string }[] };
    ids['tokens'] = tokens.tokens[0]?.id ?? 'none';
    expect(ids['tokens']).not.toBe('none');
    ids['sessions'] = (await t.app.inject({ url: '/api/auth/sessions', headers: a.session })).json<{ sessions: { id: string }[] }>().sessions[0]!.id;
    ids['invitations'] = ((await post('/api/invitations', { role: 'viewer' }))['invitation'] as { id: string }).id;
    ids['roles'] = String((await post('/api/roles', { name: 'a-ops', permissions: ['workflows:run'] }))['id']);
    const secret = await t.app.inject({ method: 'PUT', url: '/api/workflows/secrets/A_ONLY_SECRET', headers: a.bearer, payload: { value: 'a-secret-value' } });
    expect(secret.statusCode, secret.body).toBeLessThan(300);
  }, 120_000);
  afterAll(() => t.cleanup());

  it('answers 404 when B reads A’s workflow, run and conversation', async () => {
    for (const url of [`/api/workflows/${ids['workflows']}`, `/api/runs/${ids['runs']}`, `/api/conversations/${ids['conversations']}`, `/api/connections/${ids['connections']}`, `/api/memory/documents/${ids['documents']}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: b.bearer });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('A only');
      expect(res.body).not.toContain('A private chat');
      expect(res.body).not.toContain('A secret plan');
    }
  });

  it('never lets B act on A’s resources through any route that takes an id', async () => {
    const prefixes: [string, string][] = [
      ['/api/workflows/:id', ids['workflows']!],
      ['/api/runs/:id', ids['runs']!],
      ['/api/conversations/:id', ids['conversations']!],
      ['/api/tokens/:id', ids['tokens']!],
      ['/api/connections/:id', ids['connections']!],
      ['/api/memory/connections/:id', ids['memoryConnections']!],
      ['/api/memory/documents/:id', ids['documents']!],
    ];
    const swept: string[] = [];
    for (const route of t.app.routeTable) {
      const match = prefixes.find(([p]) => route.url === p || route.url.startsWith(`${p}/`));
      if (!match || route.hidden) continue;
      const url = route.url.replace(':id', match[1]).replace(/:[A-Za-z]+/g, 'x');
      const res = await t.app.inject({ method: route.method as 'GET', url, headers: b.bearer, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
      swept.push(`${route.method} ${route.url} → ${res.statusCode}`);
      expect([400, 404, 409], `${route.method} ${url}: ${res.body}`).toContain(res.statusCode);
    }
    expect(swept.length).toBeGreaterThan(10);
    // A still has everything, unchanged.
    const wf = await t.app.inject({ method: 'GET', url: `/api/workflows/${ids['workflows']}`, headers: a.bearer });
    expect(wf.statusCode).toBe(200);
    expect(wf.json()).toMatchObject({ name: 'A only' });
    const conv = await t.app.inject({ method: 'GET', url: `/api/conversations/${ids['conversations']}`, headers: a.bearer });
    expect(conv.statusCode).toBe(200);
    expect(conv.json()).toMatchObject({ conversation: { title: 'A private chat' } });
    expect((await t.app.inject({ method: 'GET', url: `/api/runs/${ids['runs']}`, headers: a.bearer })).statusCode).toBe(200);
    const conn = await t.app.inject({ method: 'GET', url: `/api/connections/${ids['connections']}`, headers: a.bearer });
    expect(conn.statusCode).toBe(200);
    expect(conn.body).toContain('A GitHub');
    const sources = (await t.app.inject({ method: 'GET', url: '/api/memory/connections', headers: a.bearer })).json() as { connections: { id: string }[] };
    expect(sources.connections.map((c) => c.id)).toEqual([ids['memoryConnections']]);
    const doc = await t.app.inject({ method: 'GET', url: `/api/memory/documents/${ids['documents']}`, headers: a.bearer });
    expect(doc.statusCode).toBe(200);
    expect(doc.body).toContain('A secret plan');
  });

  /**
   * Parameters that do not name a workspace's resource: global catalogs, the caller's own namespace, or
   * capability tokens that are public by design. Every other parameterised route is swept automatically,
   * so a new route is covered the day it is added.
   */
  const notWorkspaceIds: Record<string, string> = {
    '/api/integrations/:id': 'the integration catalog is global, read-only data',
    '/api/templates/:id/instantiate': 'templates are global; instantiating creates a workflow in the caller’s workspace',
    '/api/connections/:service/oauth/start': 'a service name, not an id',
    '/api/retention/policies/:dataClass': 'a data class name; the caller sets its own workspace’s policy',
    '/api/hooks/:token': 'a webhook token is a capability: whoever holds it may call it (tested in webhooks.test.ts)',
    '/api/hooks/wait/:token': 'a resume token is a capability, like a webhook token',
  };

  it('sweeps every route that takes an id, found in the route table: B gets nothing of A', async () => {
    const candidates = Object.values(ids).concat([a.userId]);
    const own = { name: 'A_ONLY_SECRET', version: '1', stepId: 's', ref: 'x', userId: a.userId };
    const swept: string[] = [];
    const leaks: string[] = [];
    for (const route of t.app.routeTable) {
      if (route.hidden || !route.url.includes(':') || route.url.includes('*')) continue;
      if (notWorkspaceIds[route.url]) continue;
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const primary = params[0]!;
      const values = primary === 'name' || primary === 'userId' ? [own[primary]] : candidates;
      for (const value of values) {
        const url = route.url.replace(`:${primary}`, encodeURIComponent(value)).replace(/:([A-Za-z]+)/g, (_m, p: string) => (own as Record<string, string>)[p] ?? 'x');
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: b.bearer, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }) });
        if (res.statusCode < 300 || res.statusCode >= 500) leaks.push(`${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        for (const secretText of ['A only', 'A private chat', 'A secret plan', 'A GitHub', 'a-secret-value']) {
          if (res.body.includes(secretText)) leaks.push(`${route.method} ${url} revealed "${secretText}"`);
        }
      }
      swept.push(`${route.method} ${route.url}`);
    }
    expect(leaks).toEqual([]);
    expect(swept.length).toBeGreaterThan(40);
    // A's things are all still there.
    expect((await t.app.inject({ url: `/api/workflows/${ids['workflows']}`, headers: a.bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tokens', headers: a.bearer })).json<{ tokens: { id: string }[] }>().tokens.map((x) => x.id)).toContain(ids['tokens']);
    expect((await t.app.inject({ url: '/api/invitations', headers: a.bearer })).json<{ invitations: { id: string }[] }>().invitations.map((x) => x.id)).toContain(ids['invitations']);
    expect((await t.app.inject({ url: '/api/roles', headers: a.bearer })).json<{ custom: { id: string }[] }>().custom.map((x) => x.id)).toContain(ids['roles']);
    expect((await t.app.inject({ url: '/api/workflows/secrets', headers: a.bearer })).body).toContain('A_ONLY_SECRET');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode).toBe(200);
  }, 120_000);
});
