import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpOwner, type TestActor } from '../../../test/support/auth.js';
import { createTestApp } from '../../../test/support/context.js';
import { createVault } from '../../vault/index.js';
import { workflowRuntime } from '../../workflows/index.js';
import { callRemoteTool } from './remote.js';
import { createMcpServerStore } from './mcp-server-repository.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const env = { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000' };

async function listening(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Atom as the MCP client of a server that wants OAuth: the external server is a second Atom (its /mcp
 * and authorization server from src/auth/oauth-server), so discovery, dynamic registration, PKCE,
 * consent, the callback to Atom and refresh all run for real.
 */
describe('OAuth towards an external MCP server', () => {
  let a: TestApp;
  let b: TestApp;
  let baseA = '';
  let baseB = '';
  let adminA: TestActor;
  let ownerB: TestActor;
  let serverId = '';

  const api = (path: string, init: RequestInit = {}) => fetch(`${baseA}${path}`, { ...init, headers: { ...adminA.bearer, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  const tools = async () => {
    const res = await api(`/api/mcp-servers/${serverId}/tools`);
    return { status: res.status, body: (await res.json()) as { items?: { name: string }[]; code?: string } };
  };

  /** The admin of A, in the browser: opens B's authorization URL, approves at B as B's owner, comes back to A's callback. */
  async function authorize(): Promise<Response> {
    const started = await api(`/api/mcp-servers/${serverId}/oauth/start`, { method: 'POST', body: '{}' });
    expect(started.status, await started.clone().text()).toBe(200);
    const { status, authorizationUrl } = (await started.json()) as { status: string; authorizationUrl: string };
    expect(status).toBe('redirect');
    expect(authorizationUrl.startsWith(`${baseB}/oauth/authorize?`)).toBe(true);
    const toConsent = await fetch(authorizationUrl, { redirect: 'manual' });
    if (toConsent.status !== 302) throw new Error(`authorize at B: ${toConsent.status} ${await toConsent.text()} ${authorizationUrl}`);
    const page = new URL(toConsent.headers.get('location')!, baseB);
    const decided = await fetch(`${baseB}/api/oauth/authorization`, {
      method: 'POST',
      headers: { cookie: ownerB.cookie, 'x-csrf-token': ownerB.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ ...Object.fromEntries(page.searchParams), approve: true, workspaceId: ownerB.workspaceId }),
    });
    const { redirectTo } = (await decided.json()) as { redirectTo: string };
    expect(redirectTo.startsWith(`${baseA}/api/mcp-servers/oauth/callback?`)).toBe(true);
    return fetch(redirectTo, { headers: { cookie: adminA.cookie }, redirect: 'manual' });
  }

  beforeAll(async () => {
    b = await createTestApp('sqlite', env);
    workflowRuntime(b.ctx).startWorkers();
    baseB = await listening(b);
    ownerB = await signUpOwner(b.app);
    const greet = { trigger: { type: 'manual' }, steps: [{ id: 'greet', type: 'set', values: { greeting: 'Hello {{ trigger.name }}' } }], settings: { mcp: { expose: true, toolName: 'greet' } } };
    const wf = await b.app.inject({ method: 'POST', url: '/api/workflows', headers: ownerB.bearer, payload: { name: 'Greeter', definition: greet } });
    expect((await b.app.inject({ method: 'POST', url: `/api/workflows/${wf.json<{ id: string }>().id}/activate`, headers: ownerB.bearer, payload: {} })).statusCode).toBe(200);
    // B listens on loopback, which A's SSRF guard refuses unless an admin allows it.
    a = await createTestApp('sqlite', { ...env, ATOM_SSRF_ALLOW: '127.0.0.1' });
    baseA = await listening(a);
    adminA = await signUpOwner(a.app);
  }, 120_000);
  afterAll(async () => {
    await a?.cleanup();
    await b?.cleanup();
  });

  it('registers the server for OAuth; until an admin authorizes, calls say so', async () => {
    const created = await api('/api/mcp-servers', { method: 'POST', body: JSON.stringify({ name: 'atom-b', url: `${baseB}/mcp`, auth: 'oauth' }) });
    expect(created.status, await created.clone().text()).toBe(201);
    const info = (await created.json()) as { id: string; auth: string; oauthConnected: boolean };
    expect(info).toMatchObject({ auth: 'oauth', oauthConnected: false });
    serverId = info.id;
    const before = await tools();
    expect(before.status).toBe(409);
    expect(before.body.code).toBe('mcp.client.oauth_required');
  });

  it("runs the SDK client's flow: discovery, registration, PKCE, consent, callback; tokens sealed; tools listed and called", async () => {
    const back = await authorize();
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(`/integrations?mcpServer=${serverId}&oauth=connected`);
    // B registered A dynamically, under the name Atom, with A's callback as its redirect URI.
    const client = await b.ctx.db.selectFrom('auth_oauth_clients').selectAll().executeTakeFirstOrThrow();
    expect(client.name).toBe('Atom');
    expect(JSON.parse(client.redirect_uris)).toEqual([`${baseA}/api/mcp-servers/oauth/callback`]);
    const row = await a.ctx.db.selectFrom('mcp_servers').selectAll().where('id', '=', serverId).executeTakeFirstOrThrow();
    expect(row.oauth_sealed).not.toContain('atom_oat_');
    expect(row.oauth_sealed).not.toContain('atom_ort_');
    const listed = await tools();
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items!.map((x) => x.name)).toContain('run_greet');
    const store = createMcpServerStore(a.ctx.db, createVault(a.ctx));
    const result = await callRemoteTool((await store.target(adminA.workspaceId, serverId))!, ['127.0.0.1'], 'run_greet', { input: { name: 'A' } });
    expect(result['isError']).toBeFalsy();
    expect(result['structuredContent']).toMatchObject({ status: 'succeeded' });
    expect((await (await api('/api/mcp-servers')).json()) as { items: unknown[] }).toMatchObject({ items: [{ id: serverId, oauthConnected: true }] });
  });

  it('refreshes an expired access token by itself (and the rotated refresh token is kept)', async () => {
    await b.ctx.db.updateTable('auth_oauth_grants').set({ access_expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const sealedBefore = (await a.ctx.db.selectFrom('mcp_servers').select('oauth_sealed').where('id', '=', serverId).executeTakeFirstOrThrow()).oauth_sealed;
    expect((await tools()).status).toBe(200);
    const sealedAfter = (await a.ctx.db.selectFrom('mcp_servers').select('oauth_sealed').where('id', '=', serverId).executeTakeFirstOrThrow()).oauth_sealed;
    expect(sealedAfter).not.toBe(sealedBefore);
    // Again, with the rotated refresh token.
    await b.ctx.db.updateTable('auth_oauth_grants').set({ access_expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await tools()).status).toBe(200);
  });

  it('asks for a new authorization once the server revokes the grant, and refuses a callback it did not start', async () => {
    await b.ctx.db.deleteFrom('auth_oauth_grants').execute();
    const after = await tools();
    expect(after.status).toBe(409);
    expect(after.body.code).toBe('mcp.client.oauth_required');
    const forged = await fetch(`${baseA}/api/mcp-servers/oauth/callback?code=x&state=${serverId}.forged`, { headers: { cookie: adminA.cookie }, redirect: 'manual' });
    expect(forged.status).toBe(400);
    // And the admin can authorize again.
    expect((await authorize()).status).toBe(302);
    expect((await tools()).status).toBe(200);
  });
});
