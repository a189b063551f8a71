import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';
import { createVault } from '../../vault/index.js';
import { storedCredentialsSchema } from '../connections/credentials.js';
import { connectionRepository } from '../connections/connection-repository.js';
import { createOAuthEngine } from './engine.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

/**
 * OneDrive asks for the narrowest scope by default (Files.Read.All: memory sync, listing, reading) and for
 * Files.ReadWrite.All only when the person chooses write access at connect time; Microsoft renews a token
 * with the scopes sent again, so a read-only connection renews as read-only. Against oauth2-mock-server as
 * Microsoft's token endpoint (its Microsoft quirks still apply).
 */
describe.each(dialects)('OAuth scope choice: OneDrive read vs write (%s)', (dialect) => {
  let server: OAuth2Server;
  let t: T;
  const tokenCalls: Record<string, string>[] = [];
  let granted = '';
  const me = { userId: 'u-ada', workspaceId: 'ws-scope', permissions: ['connections:read', 'connections:manage'] };

  beforeAll(async () => {
    server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    server.service.on('beforeResponse', (res: { body: Record<string, unknown> }, req: { body: Record<string, string> }) => {
      tokenCalls.push(req.body);
      // Microsoft answers with the scopes it granted (those the consent asked for).
      res.body['scope'] = req.body['scope'] ?? granted;
      res.body['expires_in'] = 3600;
    });
    const issuer = server.issuer.url!;
    t = await createTestApp(
      dialect,
      {
        ATOM_PUBLIC_URL: 'https://atom.test',
        ATOM_INTEGRATIONS: JSON.stringify({ microsoft: { clientId: 'ms-client', clientSecret: 'ms-secret', authorizeUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token`, apiBaseUrl: issuer } }),
      },
      { authenticator: testAuthenticator },
    );
  });
  afterAll(async () => {
    await t?.cleanup();
    await server?.stop();
  });

  const connect = async (payload: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/connections/onedrive/oauth/start', headers: asPrincipal(me), payload });
    expect(res.statusCode).toBe(200);
    const scopes = new URL(res.json<{ authorizationUrl: string }>().authorizationUrl).searchParams.get('scope')!.split(' ');
    granted = scopes.join(' ');
    const back = new URL((await fetch(res.json<{ authorizationUrl: string }>().authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
    const cb = await t.app.inject({ url: `/api/oauth/callback${back.search}` });
    const id = new URL(cb.headers.location as string, 'https://atom.test').pathname.split('/').pop()!;
    expect(id).toMatch(/^conn_/);
    return { scopes, id };
  };

  /** Forces a renewal (the token is about to expire) and returns the scopes the refresh asked for. */
  const renew = async (id: string) => {
    const repo = connectionRepository(t.ctx.db);
    const row = (await repo.findInWorkspace(me.workspaceId, id))!;
    const creds = storedCredentialsSchema.parse(createVault(t.ctx).openJson(row.credentials_sealed));
    await repo.saveCredentials(me.workspaceId, id, createVault(t.ctx).sealJson({ ...creds, expiresAt: new Date(Date.now() + 5_000).toISOString() }), null);
    const before = tokenCalls.length;
    await createOAuthEngine(t.ctx).credentials((await repo.findInWorkspace(me.workspaceId, id))!);
    const refresh = tokenCalls.slice(before).find((b) => b['grant_type'] === 'refresh_token');
    return refresh?.['scope']?.split(' ') ?? [];
  };

  it('offers the choice in the catalog: read scopes by default, write scopes apart', async () => {
    const detail = (await t.app.inject({ url: '/api/integrations/onedrive', headers: asPrincipal(me) })).json<{ oauth: { scopes: string[]; writeScopes: string[] } }>();
    expect(detail.oauth.scopes).toContain('Files.Read.All');
    expect(detail.oauth.scopes.some((s) => s.startsWith('Files.ReadWrite'))).toBe(false);
    expect(detail.oauth.writeScopes).toEqual(['Files.ReadWrite.All']);
  });

  it('asks for Files.Read.All only by default (what memory sync asks for), and renews with the same read scopes', async () => {
    const { scopes, id } = await connect({ personal: true });
    expect(scopes).toContain('Files.Read.All');
    expect(scopes).toContain('offline_access');
    expect(scopes.filter((s) => s.includes('ReadWrite'))).toEqual([]);
    const row = await connectionRepository(t.ctx.db).findInWorkspace(me.workspaceId, id);
    expect(JSON.parse(row!.scopes)).not.toContain('Files.ReadWrite.All');
    const renewed = await renew(id);
    expect(renewed).toContain('Files.Read.All');
    expect(renewed).not.toContain('Files.ReadWrite.All');
  });

  it('asks for Files.ReadWrite.All only when write access is chosen, and keeps it on renewal', async () => {
    const { scopes, id } = await connect({ access: 'write' });
    expect(scopes).toEqual(expect.arrayContaining(['Files.Read.All', 'Files.ReadWrite.All', 'offline_access']));
    expect(await renew(id)).toContain('Files.ReadWrite.All');
  });

  it('refuses an access value it does not know, naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/connections/onedrive/oauth/start', headers: asPrincipal(me), payload: { access: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('access');
  });
});
