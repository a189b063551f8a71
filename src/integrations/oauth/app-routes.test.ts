import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dialects } from '../../../test/support/context.js';
import { asPrincipal, testAuthenticator } from '../../../test/support/principal.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

/**
 * An admin registers a provider's OAuth app in the API (as the web app does) and a member connects with it
 * at once, against oauth2-mock-server standing in for GitLab; the secret is sealed and never shown again.
 */
describe.each(dialects)('OAuth apps registered in the web app (%s)', (dialect) => {
  let server: OAuth2Server;
  let t: T;
  const tokenBodies: Record<string, string>[] = [];
  const admin = { userId: 'u-admin', workspaceId: 'ws-1', permissions: ['settings:manage', 'connections:read', 'connections:manage'] };
  const member = { userId: 'u-member', workspaceId: 'ws-1', permissions: ['connections:read', 'connections:manage'] };
  const other = { userId: 'u-other', workspaceId: 'ws-2', permissions: ['settings:manage', 'connections:read', 'connections:manage'] };
  const secret = 'gl-registered-secret-9f3k';

  beforeAll(async () => {
    server = new OAuth2Server();
    await server.issuer.keys.generate('RS256');
    await server.start(0, '127.0.0.1');
    server.service.on('beforeResponse', (_res: unknown, req: { body: Record<string, string> }) => void tokenBodies.push(req.body));
    const issuer = server.issuer.url!;
    t = await createTestApp(
      dialect,
      {
        ATOM_PUBLIC_URL: 'https://atom.test',
        // The environment moves GitLab's endpoints to the mock but sets no app; Slack's app comes from it.
        ATOM_INTEGRATIONS: JSON.stringify({ gitlab: { authorizeUrl: `${issuer}/authorize`, tokenUrl: `${issuer}/token` }, slack: { clientId: 'env-slack', clientSecret: 'env-slack-secret' } }),
      },
      { authenticator: testAuthenticator },
    );
  });
  afterAll(async () => {
    await t.cleanup();
    await server.stop();
  });

  it('before registration: connecting is refused as not configured', async () => {
    const start = await t.app.inject({ method: 'POST', url: '/api/connections/gitlab/oauth/start', headers: asPrincipal(member), payload: {} });
    expect(start.statusCode).toBe(409);
    expect(start.json()).toMatchObject({ code: 'integrations.oauth.not_configured' });
    const detail = await t.app.inject({ url: '/api/integrations/gitlab', headers: asPrincipal(member) });
    expect(detail.json()).toMatchObject({ connectable: false, oauth: { configured: false, appKey: 'gitlab' } });
  });

  it('a member may neither list nor register apps', async () => {
    expect((await t.app.inject({ url: '/api/integrations/oauth-apps', headers: asPrincipal(member) })).statusCode).toBe(403);
    const put = await t.app.inject({ method: 'PUT', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(member), payload: { clientId: 'x', clientSecret: 'y' } });
    expect(put.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(member) })).statusCode).toBe(403);
  });

  it('registers the app (secret sealed, shown only as set + last 4), and the member connects at once', async () => {
    const first = await t.app.inject({ method: 'PUT', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(admin), payload: { clientId: 'gl-client' } });
    expect(first.statusCode).toBe(400);
    expect(first.json()).toMatchObject({ code: 'integrations.oauth_app.secret_required', errors: [{ field: 'body.clientSecret' }] });

    const put = await t.app.inject({ method: 'PUT', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(admin), payload: { clientId: 'gl-client', clientSecret: secret } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ key: 'gitlab', source: 'workspace', clientId: 'gl-client', secret: { set: true, last4: '9f3k' } });
    const list = await t.app.inject({ url: '/api/integrations/oauth-apps', headers: asPrincipal(admin) });
    expect(list.json()).toMatchObject({ redirectUri: 'https://atom.test/api/oauth/callback' });
    for (const body of [put.body, list.body]) expect(body).not.toContain(secret);
    const row = await t.ctx.db.selectFrom('integration_oauth_apps').selectAll().executeTakeFirstOrThrow();
    expect(row.client_secret_sealed).not.toContain(secret);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', 'like', 'integrations.oauth_app.%').execute();
    expect(audit.map((a) => a.action)).toContain('integrations.oauth_app.created');
    expect(JSON.stringify(audit)).not.toContain(secret);

    // No restart: the next start uses the registered app.
    expect((await t.app.inject({ url: '/api/integrations/gitlab', headers: asPrincipal(member) })).json()).toMatchObject({ connectable: true, oauth: { configured: true } });
    const start = await t.app.inject({ method: 'POST', url: '/api/connections/gitlab/oauth/start', headers: asPrincipal(member), payload: {} });
    expect(start.statusCode).toBe(200);
    const authorizationUrl = new URL(start.json<{ authorizationUrl: string }>().authorizationUrl);
    expect(authorizationUrl.searchParams.get('client_id')).toBe('gl-client');
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    const cb = await t.app.inject({ url: `/api/oauth/callback${back.search}` });
    expect(cb.statusCode).toBe(302);
    expect(cb.headers.location).toMatch(/\/integrations\/connections\/conn_/);
    expect(tokenBodies.at(-1)).toMatchObject({ client_id: 'gl-client', client_secret: secret, grant_type: 'authorization_code' });

    // Another workspace does not get this workspace's app.
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/connections/gitlab/oauth/start', headers: asPrincipal(other), payload: {} });
    expect(elsewhere.statusCode).toBe(409);
  });

  it('changing the client id keeps the secret; the environment wins where it sets the app; delete stops new connections', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(admin), payload: { clientId: 'gl-client-2' } });
    expect(put.json()).toMatchObject({ clientId: 'gl-client-2', secret: { set: true, last4: '9f3k' } });
    const slack = await t.app.inject({ method: 'PUT', url: '/api/integrations/oauth-apps/slack', headers: asPrincipal(admin), payload: { clientId: 'mine', clientSecret: 'mine-secret' } });
    expect(slack.statusCode).toBe(409);
    expect(slack.json()).toMatchObject({ code: 'integrations.oauth_app.from_environment' });
    const list = await t.app.inject({ url: '/api/integrations/oauth-apps', headers: asPrincipal(admin) });
    const items = list.json<{ items: { key: string; source: string | null; worksWithAtom: boolean }[] }>().items;
    expect(items.find((i) => i.key === 'slack')).toMatchObject({ source: 'environment' });
    expect(list.body).not.toContain('env-slack-secret');
    // Providers of services Atom works with come first.
    expect(items[0]!.worksWithAtom).toBe(true);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(admin) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/connections/gitlab/oauth/start', headers: asPrincipal(member), payload: {} })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/integrations/oauth-apps/gitlab', headers: asPrincipal(admin) })).statusCode).toBe(404);
  });
});
