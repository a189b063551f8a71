import { createHash, randomBytes } from 'node:crypto';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, type TestActor } from '../../test/support/auth.js';
import { createTestApp } from '../../test/support/context.js';
import { oauthServerStore } from '../auth/oauth-server/grant-repository.js';
import { workflowRuntime } from '../workflows/index.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const REDIRECT = 'http://127.0.0.1:9/callback';
const env = { ATOM_JOBS_POLL_INTERVAL_MS: '20', ATOM_LOGIN_DELAY_MS: '0', ATOM_RATE_LIMIT_PER_MINUTE: '100000', ATOM_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000', ATOM_RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000' };

const greet = {
  trigger: { type: 'manual' },
  steps: [{ id: 'greet', type: 'set', values: { greeting: 'Hello {{ trigger.name }}' } }],
  settings: { mcp: { expose: true, toolName: 'greet', inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
};

let t: TestApp;
let base = '';
let url: URL;
let owner: TestActor;

/** What the consenting person chooses on the consent page. */
interface Consent {
  who: TestActor;
  role?: string;
  workspaceId?: string;
}

/** Plays the person at the consent page: follows /oauth/authorize to the page and approves with their session. */
async function consent(authorizationUrl: URL, c: Consent): Promise<string> {
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  expect(res.status, await res.clone().text()).toBe(302);
  const page = new URL(res.headers.get('location')!, base);
  expect(page.pathname).toBe('/oauth/consent');
  const params = Object.fromEntries(page.searchParams);
  const ask = await fetch(`${base}/api/oauth/authorization?${page.searchParams.toString()}`, { headers: { cookie: c.who.cookie } });
  expect(ask.status, await ask.clone().text()).toBe(200);
  const decided = await fetch(`${base}/api/oauth/authorization`, {
    method: 'POST',
    headers: { cookie: c.who.cookie, 'x-csrf-token': c.who.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, approve: true, workspaceId: c.workspaceId ?? c.who.workspaceId, ...(c.role ? { role: c.role } : {}) }),
  });
  const body = (await decided.json()) as { redirectTo?: string };
  if (!body.redirectTo) throw new Error(`consent refused: ${decided.status} ${JSON.stringify(body)}`);
  const back = new URL(body.redirectTo);
  expect(back.searchParams.get('state')).toBe(new URL(authorizationUrl).searchParams.get('state'));
  return back.searchParams.get('code')!;
}

/** An OAuthClientProvider for the SDK client whose "browser" is the consent() above. */
class ConsentingProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  code: string | undefined;
  constructor(private readonly c: Consent) {}
  get redirectUrl() {
    return REDIRECT;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'Test assistant', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  state() {
    return randomBytes(8).toString('hex');
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  async redirectToAuthorization(authorizationUrl: URL) {
    this.code = await consent(authorizationUrl, this.c);
  }
  saveCodeVerifier(v: string) {
    this.verifier = v;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** The SDK client's whole OAuth flow: 401 → discovery → registration → consent → code exchange → connected. */
async function connectWithOAuth(c: Consent): Promise<{ client: Client; provider: ConsentingProvider }> {
  const provider = new ConsentingProvider(c);
  const first = new Client({ name: 'oauth-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
  await transport.finishAuth(provider.code!);
  const client = new Client({ name: 'oauth-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  return { client, provider };
}

const listTools = (token: string) =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });

const form = (path: string, body: Record<string, string>) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

/** A registered client and a code for it, by hand (for the refusals the SDK client would never try). */
async function codeByHand(who: TestActor, options: { verifier?: string; method?: string; role?: string; workspaceId?: string } = {}) {
  const reg = await fetch(`${base}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'By hand', redirect_uris: [REDIRECT] }) });
  expect(reg.status).toBe(201);
  const clientId = ((await reg.json()) as { client_id: string }).client_id;
  const verifier = options.verifier ?? randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: options.method ?? 'S256', state: 's1', resource: url.href });
  return { clientId, verifier, authorize: new URL(`${base}/oauth/authorize?${q.toString()}`), code: options.method ? '' : await consent(new URL(`${base}/oauth/authorize?${q.toString()}`), { who, ...(options.role ? { role: options.role } : {}), ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}) }) };
}

async function tokensByHand(who: TestActor) {
  const h = await codeByHand(who);
  const res = await form('/oauth/token', { grant_type: 'authorization_code', code: h.code, redirect_uri: REDIRECT, client_id: h.clientId, code_verifier: h.verifier, resource: url.href });
  expect(res.status, await res.clone().text()).toBe(200);
  return { ...h, tokens: (await res.json()) as { access_token: string; refresh_token: string } };
}

beforeAll(async () => {
  t = await createTestApp('sqlite', env);
  workflowRuntime(t.ctx).startWorkers();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  base = `http://127.0.0.1:${address.port}`;
  url = new URL(`${base}/mcp`);
  owner = await signUpOwner(t.app);
  const created = await t.app.inject({ method: 'POST', url: '/api/workflows', headers: owner.bearer, payload: { name: 'Greeter', definition: greet } });
  const id = created.json<{ id: string }>().id;
  expect((await t.app.inject({ method: 'POST', url: `/api/workflows/${id}/activate`, headers: owner.bearer, payload: {} })).statusCode).toBe(200);
}, 90_000);
afterAll(() => t?.cleanup());

describe('OAuth for /mcp (Atom as the authorization server)', () => {
  it('publishes protected-resource and authorization-server metadata', async () => {
    const prm = (await (await fetch(`${base}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(prm).toMatchObject({ resource: url.href, authorization_servers: [base], scopes_supported: ['mcp'] });
    const as = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(as).toMatchObject({ issuer: base, token_endpoint: `${base}/oauth/token`, registration_endpoint: `${base}/oauth/register`, code_challenge_methods_supported: ['S256'], grant_types_supported: ['authorization_code', 'refresh_token'] });
  });

  it("the SDK client's OAuth flow connects, lists the tools and calls one, as the consenting user; audited", async () => {
    const { client, provider } = await connectWithOAuth({ who: owner });
    try {
      expect(provider.saved?.access_token).toMatch(/^atom_oat_/);
      expect((await client.listTools()).tools.map((x) => x.name)).toContain('run_greet');
      const run = (await client.callTool({ name: 'run_greet', arguments: { name: 'OAuth' } })) as CallToolResult;
      expect(run.isError).toBeFalsy();
      expect(run.structuredContent).toMatchObject({ status: 'succeeded', output: { greeting: 'Hello OAuth' } });
    } finally {
      await client.close();
    }
    const grants = (await t.app.inject({ method: 'GET', url: '/api/oauth/grants', headers: owner.bearer })).json<{ grants: { clientName: string; role: string; resource: string }[] }>().grants;
    expect(grants).toContainEqual(expect.objectContaining({ clientName: 'Test assistant', role: 'owner', resource: url.href }));
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?limit=200', headers: owner.bearer })).json<{ items: { action: string; actor: { id: string | null }; outcome: string }[] }>().items;
    const seen = new Set(audit.map((e) => `${e.action}:${e.outcome}`));
    for (const a of ['auth.oauth_consent:success', 'auth.oauth_token_issued:success', 'mcp.tool.called:success']) expect(seen).toContain(a);
    // Only hashes are stored.
    const rows = JSON.stringify(await t.ctx.db.selectFrom('auth_oauth_grants').selectAll().execute());
    expect(rows).not.toContain(provider.saved!.access_token);
    expect(rows).not.toContain(provider.saved!.refresh_token!);
  });

  it('a narrower role chosen at consent stays narrow, and nobody grants more than they hold', async () => {
    const { client } = await connectWithOAuth({ who: owner, role: 'viewer' });
    try {
      expect((await client.callTool({ name: 'run_greet', arguments: { name: 'Eve' } })).isError).toBe(true);
      expect(((await client.callTool({ name: 'list_workflows', arguments: {} })) as CallToolResult).isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const member = await addMember(t.app, owner, 'member');
    await expect(codeByHand(member, { role: 'owner' })).rejects.toThrow(/consent refused: 403.*owner/);
    await expect(codeByHand(member, { role: 'admin' })).rejects.toThrow(/consent refused: 403/);
    // A workspace the person is not a member of.
    const stranger = await signUpOwner(t.app);
    await expect(codeByHand(member, { workspaceId: stranger.workspaceId })).rejects.toThrow(/consent refused: 404/);
  });

  it('refuses a token at another audience: the API, or /mcp of another origin', async () => {
    const { tokens } = await tokensByHand(owner);
    expect((await listTools(tokens.access_token)).status).toBe(200);
    expect((await fetch(`${base}/api/workflows`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    // The same flow through another public origin binds the token to that origin's /mcp.
    const host = { host: 'atom.other.example' };
    const reg = await t.app.inject({ method: 'POST', url: '/oauth/register', headers: host, payload: { redirect_uris: [REDIRECT] } });
    const clientId = reg.json<{ client_id: string }>().client_id;
    const verifier = randomBytes(32).toString('base64url');
    const params = { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', resource: 'http://atom.other.example/mcp' };
    const decided = await t.app.inject({ method: 'POST', url: '/api/oauth/authorization', headers: { ...host, cookie: owner.cookie, 'x-csrf-token': owner.csrf }, payload: { ...params, approve: true, workspaceId: owner.workspaceId } });
    expect(decided.statusCode, decided.body).toBe(200);
    const code = new URL(decided.json<{ redirectTo: string }>().redirectTo).searchParams.get('code')!;
    const issued = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...host, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, code_verifier: verifier }).toString() });
    expect(issued.statusCode, issued.body).toBe(200);
    expect((await listTools(issued.json<{ access_token: string }>().access_token)).status).toBe(401);
    // And a token is never issued for a resource that is not Atom's /mcp.
    const h = await codeByHand(owner);
    const wrong = await form('/oauth/token', { grant_type: 'authorization_code', code: h.code, redirect_uri: REDIRECT, client_id: h.clientId, code_verifier: h.verifier, resource: 'https://evil.example/mcp' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_target' });
  });

  it('refuses an expired token; refresh rotates, and a reused refresh token ends the grant', async () => {
    const { clientId, tokens } = await tokensByHand(owner);
    await t.ctx.db.updateTable('auth_oauth_grants').set({ access_expires_at: new Date(Date.now() - 1000).toISOString() }).where('client_id', '=', clientId).execute();
    const expired = await listTools(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('resource_metadata=');
    const refreshed = await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId, resource: url.href });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect((await listTools(next.access_token)).status).toBe(200);
    const replay = await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await listTools(next.access_token)).status).toBe(401);
  });

  it('revocation by the client (RFC 7009) and in settings ends the tokens at once', async () => {
    const a = await tokensByHand(owner);
    expect((await form('/oauth/revoke', { token: a.tokens.refresh_token, client_id: a.clientId })).status).toBe(200);
    expect((await listTools(a.tokens.access_token)).status).toBe(401);
    const b = await tokensByHand(owner);
    const grant = (await t.app.inject({ method: 'GET', url: '/api/oauth/grants', headers: owner.bearer })).json<{ grants: { id: string; clientId: string }[] }>().grants.find((g) => g.clientId === b.clientId)!;
    // A colleague cannot revoke someone else's authorized client.
    const colleague = await addMember(t.app, owner, 'admin');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/oauth/grants/${grant.id}`, headers: colleague.bearer })).statusCode).toBe(404);
    expect((await listTools(b.tokens.access_token)).status).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/oauth/grants/${grant.id}`, headers: owner.bearer })).statusCode).toBe(200);
    expect((await listTools(b.tokens.access_token)).status).toBe(401);
    expect((await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: b.tokens.refresh_token, client_id: b.clientId })).status).toBe(400);
  });

  it('refuses a PKCE mismatch, a reused code and a plain challenge', async () => {
    const h = await codeByHand(owner);
    const bad = await form('/oauth/token', { grant_type: 'authorization_code', code: h.code, redirect_uri: REDIRECT, client_id: h.clientId, code_verifier: randomBytes(32).toString('base64url') });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('PKCE') });
    // The code is spent by the failed attempt too.
    const again = await form('/oauth/token', { grant_type: 'authorization_code', code: h.code, redirect_uri: REDIRECT, client_id: h.clientId, code_verifier: h.verifier });
    expect(again.status).toBe(400);
    // A code used twice revokes what the first use got.
    const ok = await tokensByHand(owner);
    expect((await listTools(ok.tokens.access_token)).status).toBe(200);
    const plain = await codeByHand(owner, { method: 'plain' });
    const res = await fetch(plain.authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    // An unregistered redirect URI is never redirected to.
    const evil = new URL(plain.authorize);
    evil.searchParams.set('redirect_uri', 'https://evil.example/cb');
    expect((await fetch(evil, { redirect: 'manual' })).status).toBe(400);
  });

  it('refuses the tokens of a member removed from the workspace', async () => {
    const member = await addMember(t.app, owner, 'member');
    const { client, provider } = await connectWithOAuth({ who: member });
    await client.close();
    expect((await listTools(provider.saved!.access_token)).status).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/members/${member.userId}`, headers: owner.bearer })).statusCode).toBe(200);
    expect((await listTools(provider.saved!.access_token)).status).toBe(401);
    const refresh = await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: provider.saved!.refresh_token!, client_id: (provider.info as { client_id: string }).client_id });
    expect(refresh.status).toBe(400);
  });
});

describe('OAuth housekeeping', () => {
  it('forgets grants whose refresh token expired and codes past a day, not live ones', async () => {
    const live = await tokensByHand(owner);
    const dead = await tokensByHand(owner);
    await t.ctx.db.updateTable('auth_oauth_grants').set({ refresh_expires_at: new Date(Date.now() - 1000).toISOString() }).where('client_id', '=', dead.clientId).execute();
    await t.ctx.db.updateTable('auth_oauth_codes').set({ expires_at: new Date(Date.now() - 2 * 86_400_000).toISOString() }).where('client_id', '=', dead.clientId).execute();
    expect(await oauthServerStore(t.ctx.db).purgeExpired()).toBe(2);
    expect(await t.ctx.db.selectFrom('auth_oauth_grants').select('id').where('client_id', '=', dead.clientId).execute()).toEqual([]);
    expect((await listTools(live.tokens.access_token)).status).toBe(200);
  });
});
