import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOAuthProvidersFake } from '../../../test/fakes/oauth-providers/server.js';
import { createTestContext } from '../../../test/support/context.js';
import { createVault } from '../../vault/index.js';
import { storedCredentialsSchema } from '../connections/credentials.js';
import { createOAuthEngine } from './engine.js';

type Fake = Awaited<ReturnType<typeof startOAuthProvidersFake>>;
type Ctx = Awaited<ReturnType<typeof createTestContext>>;

/** Provider quirks against small fakes of each provider's published token and revocation contracts. */
describe('OAuth provider quirks', () => {
  let fake: Fake;
  let t: Ctx;
  let engine: ReturnType<typeof createOAuthEngine>;
  const services: Record<string, string> = { gmail: 'google', onedrive: 'microsoft', slack: 'slack', github: 'github', notion: 'notion', dropbox: 'dropbox', box: 'box', asana: 'asana', trello: 'trello', zoom: 'zoom' };

  beforeAll(async () => {
    fake = await startOAuthProvidersFake();
    const cfg: Record<string, Record<string, string>> = {};
    for (const [service, p] of Object.entries(services)) {
      cfg[service] = { clientId: `${p}-client`, clientSecret: `${p}-secret`, authorizeUrl: `${fake.url}/${p}/authorize`, tokenUrl: `${fake.url}/${p}/token`, revokeUrl: `${fake.url}/${p}/revoke` };
    }
    cfg['github']!['apiBaseUrl'] = `${fake.url}/github-api`;
    cfg['trello']!['apiBaseUrl'] = `${fake.url}/trello-api`;
    cfg['slack']!['apiBaseUrl'] = `${fake.url}/slack-api`;
    cfg['onedrive']!['apiBaseUrl'] = `${fake.url}/graph`;
    cfg['slack']!['revokeUrl'] = `${fake.url}/slack-api/auth.revoke`;
    t = await createTestContext('sqlite', { ATOM_PUBLIC_URL: 'https://atom.test', ATOM_INTEGRATIONS: JSON.stringify(cfg), ATOM_LOG_LEVEL: 'warn' });
    engine = createOAuthEngine(t.ctx);
  });
  afterAll(async () => {
    await t.cleanup();
    await fake.close();
  });

  const connect = async (serviceId: string) => {
    const { authorizationUrl } = await engine.start({ workspaceId: 'ws-1', userId: 'u-1', serviceId });
    const url = new URL(authorizationUrl);
    const state = url.searchParams.get('state') ?? new URL(url.searchParams.get('return_url')!).searchParams.get('state')!;
    const { connection } = await engine.complete({ state, code: 'the-code', token: serviceId === 'trello' ? 'trello-user-token' : undefined });
    return { url, connection, creds: storedCredentialsSchema.parse(createVault(t.ctx).openJson(connection.credentials_sealed)) };
  };
  const lastCall = (provider: string, kind: 'token' | 'revoke') => fake.calls.filter((c) => c.provider === provider && c.kind === kind).at(-1)!;

  it('Google: offline access + consent prompt; revokes the refresh token by form POST', async () => {
    const { url, connection } = await connect('gmail');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true', code_challenge_method: 'S256', redirect_uri: 'https://atom.test/api/oauth/callback' });
    expect(url.searchParams.get('scope')).toContain('https://www.googleapis.com/auth/gmail.send');
    expect(lastCall('google', 'token')).toMatchObject({ contentType: 'application/x-www-form-urlencoded', body: expect.objectContaining({ grant_type: 'authorization_code', client_secret: 'google-secret' }) });
    expect(await engine.revoke(connection)).toBe('revoked');
    expect(lastCall('google', 'revoke').body).toEqual({ token: expect.stringMatching(/^rt-/) });
    // The account Google vouched for in the ID token is the connection's identity.
    expect(connection).toMatchObject({ verified_email: 'pilot@example.com', verified_domain: 'example.com', account_label: 'pilot@example.com' });
  });

  it('Microsoft: scopes again on refresh, no revocation endpoint', async () => {
    const { connection } = await connect('onedrive');
    // Graph /me with the new token names the account.
    expect(connection).toMatchObject({ verified_email: 'pilot@contoso.com', verified_domain: 'contoso.com' });
    await t.ctx.db.updateTable('integration_connections').set({ credentials_sealed: createVault(t.ctx).sealJson({ kind: 'oauth2', accessToken: 'old', refreshToken: 'rt-x', tokenType: 'Bearer', expiresAt: new Date(Date.now() + 5000).toISOString() }) }).where('id', '=', connection.id).execute();
    const row = (await t.ctx.db.selectFrom('integration_connections').selectAll().where('id', '=', connection.id).executeTakeFirst())!;
    await engine.credentials(row);
    expect(lastCall('microsoft', 'token').body).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-x', scope: expect.stringContaining('offline_access') });
    expect(await engine.revoke(connection)).toBe('unsupported');
  });

  it('Slack: comma-separated scopes, team in the token answer, errors inside HTTP 200, auth.revoke', async () => {
    const { url, connection, creds } = await connect('slack');
    expect(url.searchParams.get('scope')).toBe('channels:read,channels:history,chat:write,users:read,users:read.email');
    expect(connection.account_label).toBe('Acme');
    expect(creds).toMatchObject({ kind: 'oauth2', accessToken: expect.stringMatching(/^xoxb-/), extra: { teamId: 'T1', botUserId: 'U0BOT' } });
    fake.failNext.set('slack', 'invalid_code');
    const { authorizationUrl } = await engine.start({ workspaceId: 'ws-1', userId: 'u-1', serviceId: 'slack' });
    await expect(engine.complete({ state: new URL(authorizationUrl).searchParams.get('state')!, code: 'bad' })).rejects.toMatchObject({ code: 'integrations.oauth.token_failed', message: expect.stringContaining('invalid_code') });
    expect(await engine.revoke(connection)).toBe('revoked');
    expect(lastCall('slack', 'revoke').authorization).toBe(`Bearer ${creds.kind === 'oauth2' ? creds.accessToken : ''}`);
  });

  it('GitHub: asks for JSON, reads errors in HTTP 200, revokes with DELETE + Basic client auth', async () => {
    const { connection } = await connect('github');
    expect(lastCall('github', 'token').accept).toBe('application/json');
    fake.failNext.set('github', 'bad_verification_code');
    const { authorizationUrl } = await engine.start({ workspaceId: 'ws-1', userId: 'u-1', serviceId: 'github' });
    await expect(engine.complete({ state: new URL(authorizationUrl).searchParams.get('state')!, code: 'bad' })).rejects.toMatchObject({ message: expect.stringContaining('incorrect or expired') });
    expect(await engine.revoke(connection)).toBe('revoked');
    const revoke = lastCall('github', 'revoke');
    expect(revoke).toMatchObject({ method: 'DELETE', url: '/github-api/applications/github-client/token', authorization: `Basic ${Buffer.from('github-client:github-secret').toString('base64')}` });
  });

  it('Notion: owner=user, JSON body with Basic client auth, workspace name as the account', async () => {
    const { url, connection } = await connect('notion');
    expect(url.searchParams.get('owner')).toBe('user');
    expect(lastCall('notion', 'token')).toMatchObject({ contentType: 'application/json', authorization: expect.stringMatching(/^Basic /) });
    expect(lastCall('notion', 'token').body).not.toHaveProperty('client_secret');
    expect(connection.account_label).toBe('Acme Wiki');
    expect(await engine.revoke(connection)).toBe('unsupported');
  });

  it('Dropbox: token_access_type=offline; revoke with the bearer token', async () => {
    const { url, connection } = await connect('dropbox');
    expect(url.searchParams.get('token_access_type')).toBe('offline');
    expect(await engine.revoke(connection)).toBe('revoked');
    expect(lastCall('dropbox', 'revoke').authorization).toMatch(/^Bearer at-/);
  });

  it('Box and Asana: client credentials in the form, RFC 7009 revocation with the refresh token', async () => {
    for (const [service, provider] of [['box', 'box'], ['asana', 'asana']] as const) {
      const { connection } = await connect(service);
      expect(await engine.revoke(connection)).toBe('revoked');
      expect(lastCall(provider, 'revoke').body).toEqual({ token: expect.stringMatching(/^rt-/), client_id: `${provider}-client`, client_secret: `${provider}-secret` });
    }
  });

  it('Box: a rotated refresh token replaces the used one', async () => {
    const { connection } = await connect('box');
    await t.ctx.db.updateTable('integration_connections').set({ credentials_sealed: createVault(t.ctx).sealJson({ kind: 'oauth2', accessToken: 'old', refreshToken: 'rt-used', tokenType: 'Bearer', expiresAt: new Date(Date.now() - 1000).toISOString() }) }).where('id', '=', connection.id).execute();
    const row = (await t.ctx.db.selectFrom('integration_connections').selectAll().where('id', '=', connection.id).executeTakeFirst())!;
    const fresh = await engine.credentials(row);
    expect(fresh).toMatchObject({ refreshToken: expect.stringMatching(/^rt-\d+$/) });
    expect(fresh.kind === 'oauth2' && fresh.refreshToken).not.toBe('rt-used');
  });

  it('Trello: its own token flow (response_type=token, return_url carries the state), revoke DELETE /1/tokens', async () => {
    const { url, connection, creds } = await connect('trello');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'token', key: 'trello-client', expiration: 'never', callback_method: 'fragment', scope: 'read,write' });
    expect(creds).toEqual({ kind: 'trello', apiKey: 'trello-client', token: 'trello-user-token' });
    expect(fake.calls.filter((c) => c.provider === 'trello' && c.kind === 'token')).toEqual([]);
    expect(await engine.revoke(connection)).toBe('revoked');
    expect(lastCall('trello', 'revoke').url).toMatch(/^\/trello-api\/tokens\/trello-user-token\?key=trello-client&token=trello-user-token$/);
  });

  it('Zoom: Basic client auth at the token endpoint and on revoke', async () => {
    const { connection } = await connect('zoom');
    expect(lastCall('zoom', 'token').authorization).toBe(`Basic ${Buffer.from('zoom-client:zoom-secret').toString('base64')}`);
    expect(await engine.revoke(connection)).toBe('revoked');
    expect(lastCall('zoom', 'revoke')).toMatchObject({ url: expect.stringMatching(/^\/zoom\/revoke\?token=at-/), authorization: expect.stringMatching(/^Basic /) });
  });

  it('an admin who has not configured the OAuth app gets a plain 409', async () => {
    await expect(engine.start({ workspaceId: 'ws-1', userId: 'u-1', serviceId: 'hubspot' })).rejects.toMatchObject({ code: 'integrations.oauth.not_configured', status: 409 });
  });
});
