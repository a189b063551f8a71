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
 * The full round trip against oauth2-mock-server as a generic provider (GitLab's catalog entry, whose
 * endpoints are overridden to the mock): start → consent → callback → sealed token → refresh → revoke.
 */
describe.each(dialects)('OAuth round trip (%s)', (dialect) => {
  let server: OAuth2Server;
  let t: T;
  const tokenCalls: { grant: string; body: Record<string, string> }[] = [];
  const revoked: string[] = [];
  let counter = 0;
  let nextExpiresIn = 3600;
  const me = { userId: 'u-alice', workspaceId: 'ws-1', permissions: ['connections:read', 'connections:manage'] };

  beforeAll(async () => {
    server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    server.service.on('beforeResponse', (res: { body: Record<string, unknown> }, req: { body: Record<string, string> }) => {
      tokenCalls.push({ grant: req.body['grant_type'] ?? '', body: req.body });
      res.body['access_token'] = `access-${++counter}`;
      res.body['expires_in'] = nextExpiresIn;
    });
    // The mock does not parse the revoke body; it records that the RFC 7009 endpoint was called with a form.
    server.service.on('beforeRevoke', (_res: unknown, req: { headers: Record<string, string> }) => void revoked.push(req.headers['content-type'] ?? ''));
    const issuer = server.issuer.url!;
    t = await createTestApp(
      dialect,
      {
        ATOM_PUBLIC_URL: 'https://atom.test',
        ATOM_INTEGRATIONS: JSON.stringify({
          gitlab: { clientId: 'atom-client', clientSecret: 'atom-secret', authorizeUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token`, revokeUrl: `${issuer}/revoke` },
        }),
      },
      { authenticator: testAuthenticator },
    );
  });
  afterAll(async () => {
    await t.cleanup();
    await server.stop();
  });

  const start = async (who = me) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/connections/gitlab/oauth/start', headers: asPrincipal(who), payload: {} });
    expect(res.statusCode).toBe(200);
    return res.json<{ authorizationUrl: string; redirectUri: string }>();
  };
  /** The browser's trip to the provider: the mock consents at once and redirects back with a code. */
  const consent = async (authorizationUrl: string) => {
    const res = await fetch(authorizationUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  };

  it('connects, stores the token sealed, refreshes, and revokes', async () => {
    const { authorizationUrl, redirectUri } = await start();
    expect(redirectUri).toBe('https://atom.test/api/oauth/callback');
    const auth = new URL(authorizationUrl);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('scope')).toBe('api');
    const back = await consent(authorizationUrl);
    expect(back.origin + back.pathname).toBe(redirectUri);

    const cb = await t.app.inject({ url: `/api/oauth/callback${back.search}` });
    expect(cb.statusCode).toBe(302);
    const landing = new URL(cb.headers.location as string, 'https://atom.test');
    expect(landing.pathname).toMatch(/^\/integrations\/connections\/conn_/);
    const id = landing.pathname.split('/').pop()!;
    // PKCE: the mock checked the verifier against the challenge on the code exchange.
    expect(tokenCalls[0]).toMatchObject({ grant: 'authorization_code' });
    expect(tokenCalls[0]!.body['code_verifier']).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const list = await t.app.inject({ url: '/api/connections', headers: asPrincipal(me) });
    expect(list.json<{ items: { id: string; status: string; authKind: string }[] }>().items).toEqual([expect.objectContaining({ id, status: 'healthy', authKind: 'oauth2' })]);
    expect(list.body).not.toContain('access-1');

    // Sealed at rest: the row holds no token in clear, the vault opens it.
    const row = await connectionRepository(t.ctx.db).findInWorkspace('ws-1', id);
    expect(row!.credentials_sealed).not.toContain('access-1');
    const creds = storedCredentialsSchema.parse(createVault(t.ctx).openJson(row!.credentials_sealed));
    expect(creds).toMatchObject({ kind: 'oauth2', accessToken: 'access-1' });

    // Refresh ahead of expiry: expire the token (inside the skew) and ask two "processes" at once.
    await connectionRepository(t.ctx.db).saveCredentials('ws-1', id, createVault(t.ctx).sealJson({ ...creds, expiresAt: new Date(Date.now() + 10_000).toISOString() }), null);
    const fresh = (await connectionRepository(t.ctx.db).findInWorkspace('ws-1', id))!;
    const a = createOAuthEngine(t.ctx);
    const b = createOAuthEngine(t.ctx);
    const before = tokenCalls.length;
    const results = await Promise.all([a.credentials(fresh), b.credentials(fresh), a.credentials(fresh), b.credentials(fresh)]);
    const refreshes = tokenCalls.slice(before);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ grant: 'refresh_token' });
    const tokens = new Set(results.map((r) => (r.kind === 'oauth2' ? r.accessToken : '')));
    expect(tokens).toEqual(new Set(['access-2']));

    // Disconnect revokes at the provider (RFC 7009) and forgets the tokens.
    const del = await t.app.inject({ method: 'DELETE', url: `/api/connections/${id}`, headers: asPrincipal(me) });
    expect(del.json()).toEqual({ id, revocation: 'revoked' });
    expect(revoked).toEqual(['application/x-www-form-urlencoded']);
    expect(await connectionRepository(t.ctx.db).findInWorkspace('ws-1', id)).toBeUndefined();
  });

  it('refuses a replayed, tampered, expired or foreign state', async () => {
    const { authorizationUrl } = await start();
    const back = await consent(authorizationUrl);
    expect((await t.app.inject({ url: `/api/oauth/callback${back.search}` })).headers.location).toMatch(/connected=1/);
    const replay = await t.app.inject({ url: `/api/oauth/callback${back.search}` });
    expect(replay.headers.location).toMatch(/oauthError=integrations.oauth.invalid_state/);
    expect(decodeURIComponent(String(replay.headers.location))).toMatch(/already used/);

    const second = await consent((await start()).authorizationUrl);
    const state = second.searchParams.get('state')!;
    const tampered = new URLSearchParams(second.search);
    tampered.set('state', `${state.split('.')[0]}.AAAA${state.split('.')[1]!.slice(4)}`);
    expect(decodeURIComponent(String((await t.app.inject({ url: `/api/oauth/callback?${tampered}` })).headers.location))).toMatch(/bad signature/);

    // Started by Alice, finished in Bob's session: refused.
    const foreign = await t.app.inject({ url: `/api/oauth/callback${second.search}`, headers: asPrincipal({ ...me, userId: 'u-bob' }) });
    expect(decodeURIComponent(String(foreign.headers.location))).toMatch(/started by someone else/);

    const third = await consent((await start()).authorizationUrl);
    await t.ctx.db.updateTable('integration_oauth_states').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', third.searchParams.get('state')!.split('.')[0]!).execute();
    expect(decodeURIComponent(String((await t.app.inject({ url: `/api/oauth/callback${third.search}` })).headers.location))).toMatch(/invalid_state/);
  });

  it('marks the connection expired when the provider refuses the refresh token', async () => {
    nextExpiresIn = 1;
    const back = await consent((await start()).authorizationUrl);
    const cb = await t.app.inject({ url: `/api/oauth/callback${back.search}` });
    const id = new URL(cb.headers.location as string, 'https://x').pathname.split('/').pop()!;
    nextExpiresIn = 3600;
    const onRefresh = (res: { body: Record<string, unknown>; statusCode: number }, req: { body: Record<string, string> }) => {
      if (req.body['grant_type'] === 'refresh_token') {
        res.statusCode = 400;
        res.body = { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' };
      }
    };
    server.service.on('beforeResponse', onRefresh);
    try {
      const row = (await connectionRepository(t.ctx.db).findInWorkspace('ws-1', id))!;
      await expect(createOAuthEngine(t.ctx).credentials(row)).rejects.toMatchObject({ code: 'integrations.oauth.invalid_grant' });
      const health = (await t.app.inject({ url: `/api/connections/${id}/health`, headers: asPrincipal(me) })).json<{ status: string; needsReconnect: boolean }>();
      expect(health).toMatchObject({ status: 'expired', needsReconnect: true });
    } finally {
      server.service.off('beforeResponse', onRefresh);
    }
  });

  it('keeps other workspaces out', async () => {
    const back = await consent((await start()).authorizationUrl);
    const cb = await t.app.inject({ url: `/api/oauth/callback${back.search}` });
    const id = new URL(cb.headers.location as string, 'https://x').pathname.split('/').pop()!;
    const other = asPrincipal({ ...me, workspaceId: 'ws-2' });
    expect((await t.app.inject({ url: `/api/connections/${id}/health`, headers: other })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/connections/${id}`, headers: other })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/connections', headers: other })).json()).toEqual({ items: [] });
  });
});
