import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../slack/fake.js';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

describe.each(dialects)('connections API (%s)', (dialect) => {
  let fake: SlackFake;
  let t: T;
  const admin = { userId: 'u-admin', workspaceId: 'ws-1', permissions: ['connections:read', 'connections:manage'] };
  const reader = { userId: 'u-reader', workspaceId: 'ws-1', permissions: ['connections:read'] };
  beforeAll(async () => {
    fake = await startSlackFake();
    t = await createTestApp(
      dialect,
      {
        ATOM_INTEGRATIONS: JSON.stringify({ slack: { apiBaseUrl: `${fake.url}/api`, revokeUrl: `${fake.url}/api/auth.revoke`, clientId: 'c', clientSecret: 's' } }),
        ATOM_INTEGRATION_TIMEOUT_MS: '2000',
      },
      { authenticator: testAuthenticator },
    );
  });
  afterAll(async () => {
    await t.cleanup();
    await fake.close();
  });

  it('pastes a Slack bot token: verified with auth.test, labelled with the team, token never echoed', async () => {
    const token = fake.issue();
    const res = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'slack', credentials: { accessToken: token } } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ service: 'slack', serviceName: 'Slack', authKind: 'oauth2', status: 'healthy', accountLabel: 'Acme', personal: false });
    expect(res.body).not.toContain(token);
    const row = await t.ctx.db.selectFrom('integration_connections').selectAll().where('id', '=', res.json<{ id: string }>().id).executeTakeFirstOrThrow();
    expect(row.credentials_sealed).not.toContain(token);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'integrations.connection.created').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('refuses a token the service rejects, and stores nothing', async () => {
    const before = (await t.app.inject({ url: '/api/connections', headers: asPrincipal(admin) })).json<{ items: unknown[] }>().items.length;
    const res = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'slack', credentials: { accessToken: 'xoxb-wrong' } } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'integrations.credentials_rejected' });
    expect((await t.app.inject({ url: '/api/connections', headers: asPrincipal(admin) })).json<{ items: unknown[] }>().items.length).toBe(before);
  });

  it('stores API keys and basic credentials for services that use them; names the field on a mismatch', async () => {
    const key = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'openai', label: 'OpenAI prod', credentials: { apiKey: 'sk-test' }, verify: false } });
    expect(key.statusCode).toBe(201);
    expect(key.json()).toMatchObject({ authKind: 'api_key', label: 'OpenAI prod' });
    const basic = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'mailgun', credentials: { username: 'api', password: 'key-1' }, verify: false } });
    expect(basic.statusCode).toBe(201);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'mailgun', credentials: { apiKey: 'x' }, verify: false } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'integrations.credentials_mismatch', errors: [{ field: 'body.credentials' }] });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'nope', credentials: { apiKey: 'x' } } });
    expect(unknown.statusCode).toBe(404);
  });

  it('keeps personal connections to their owner', async () => {
    const mine = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'openai', personal: true, credentials: { apiKey: 'sk-mine' }, verify: false } });
    const id = mine.json<{ id: string; personal: boolean }>().id;
    expect(mine.json()).toMatchObject({ personal: true });
    expect((await t.app.inject({ url: `/api/connections/${id}`, headers: asPrincipal(reader) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/connections/${id}`, headers: asPrincipal(admin) })).statusCode).toBe(200);
  });

  it('needs connections:manage to change things', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(reader), payload: { service: 'openai', credentials: { apiKey: 'x' } } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/connections/slack/oauth/start', headers: asPrincipal(reader), payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/connections', headers: asPrincipal(reader) })).statusCode).toBe(200);
  });

  it('runs a check on demand and shows health with recent errors', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'slack', label: 'to break', credentials: { accessToken: fake.issue() } } });
    const id = res.json<{ id: string }>().id;
    fake.expireAll(); // the pasted token has no refresh token: the check fails as expired
    const health = await t.app.inject({ method: 'POST', url: `/api/connections/${id}/check`, headers: asPrincipal(admin) });
    expect(health.json()).toMatchObject({ status: 'expired', needsReconnect: true, lastError: { code: 'integrations.http.unauthorized' } });
    const detail = await t.app.inject({ url: `/api/connections/${id}`, headers: asPrincipal(admin) });
    expect(detail.json<{ recentErrors: { message: string }[] }>().recentErrors[0]?.message).toMatch(/^Slack says/);
  });

  it('disconnecting revokes at Slack (auth.revoke) and forgets the connection', async () => {
    const token = fake.issue();
    const res = await t.app.inject({ method: 'POST', url: '/api/connections', headers: asPrincipal(admin), payload: { service: 'slack', credentials: { accessToken: token } } });
    const id = res.json<{ id: string }>().id;
    const del = await t.app.inject({ method: 'DELETE', url: `/api/connections/${id}`, headers: asPrincipal(admin) });
    expect(del.json()).toEqual({ id, revocation: 'revoked' });
    expect(fake.requests.filter((r) => r.path === '/api/auth.revoke').at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
    expect((await t.app.inject({ url: `/api/connections/${id}`, headers: asPrincipal(admin) })).statusCode).toBe(404);
  });

  it('exports connection counts per service and status to Prometheus', async () => {
    const text = await t.ctx.metrics.registry.metrics();
    expect(text).toMatch(/atom_integration_connections\{service="openai",status="healthy"\} [1-9]/);
    expect(text).toMatch(/atom_integration_connections\{service="slack",status="expired"\} 1/);
  });

  it('serves the fragment page for token-in-fragment providers and refuses a bad returnTo', async () => {
    const page = await t.app.inject({ url: '/api/oauth/callback?state=x' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/api/oauth/fragment.js');
    const bad = await t.app.inject({ method: 'POST', url: '/api/connections/slack/oauth/start', headers: asPrincipal(admin), payload: { returnTo: 'https://evil.example/' } });
    expect(bad.statusCode).toBe(400);
  });
});
